import { Hono, type Context } from 'hono';
import {
  feedbackBodySchema,
  followUpBodySchema,
  idempotencyKeySchema,
  shortDate,
  STATUSES_OF,
  type Language,
  type LifecycleEvent,
  type Refusal,
} from '@payam/core';
import { sha256 } from '../config/catalog.js';
import { publicMayRead, publicOnlySql } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { MessageIds, registerMessage, requestHash } from '../engine/registration.js';
import { RegistrationWriter, registrationBatching } from '../engine/registration-writer.js';
import { applyEvent, inTransaction } from '../engine/transitions.js';
import { readBody, type BodyFields } from './body.js';
import type { Credentials } from './credentials.js';
import type { RateLimits } from './rate-limits.js';
import { languageOf, text } from './i18n.js';
import { coreText } from '../texts.js';
import { ApiProblem, problem } from './problems.js';
import { send, splitFormat, type Format } from './respond.js';
import { PUBLIC_COLUMNS, PUBLIC_NOTES_SQL, requestView, serviceDefinitionView, serviceView, type PublicMessageRow } from './views.js';
import { issuesProblem, messageInputFromWire } from './wire.js';
import { PhotoStore } from '../photos/store.js';
import { photosOfRegistration, photoUrl } from './photos.js';
import { citizenTokenOf, requireCitizen } from './citizen.js';

const FORMATS: readonly Format[] = ['json', 'xml'];
const DAY_MS = 86_400_000;
const MAX_ROWS = 1000;

/** Query values: empty = absent; a repeated parameter is a 400 naming it (several values go comma-separated in one). */
function queryOf(c: Context, lang: Language): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw problem(400, text(lang, 'repeatedParameter', { name: key }), { field: key });
    const value = values[0];
    out[key] = value === '' ? undefined : value;
  }
  return out;
}

function parseDate(value: string | undefined, field: string, lang: Language): Date | undefined {
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw problem(400, text(lang, 'badDate'), { field });
  return new Date(time);
}

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** A refusal from the lifecycle as a 409 in the citizen's language. */
export function refusalProblem(refusal: Refusal, lang: Language, timeZone: string): ApiProblem {
  const params: Record<string, string> = { ...refusal.params };
  if (params.closesAt) params.closesAt = shortDate(params.closesAt, lang, timeZone);
  return problem(409, coreText(lang, `refusals.${refusal.code}`, params), { refusal: refusal.code });
}

/** The public Open311 GeoReport v2 API and its extensions, under `/open311/v2`. */
export function open311Routes(ctx: ServerContext, { apiKeys }: Pick<Credentials, 'apiKeys'>, limits: RateLimits, photoStore: PhotoStore = new PhotoStore(ctx.db)): Hono {
  const app = new Hono();
  const ids = new MessageIds(ctx);
  const writer = new RegistrationWriter(ctx.db, registrationBatching(ctx.db.kind));

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, (c) => {
      // No trailing slash: clients join the endpoint with `/services.xml`, as the specification's examples do.
      const base = ctx.address.url('/open311/v2');
      return send(c, format, 'discovery', {
        changeset: '2026-01-01T00:00:00Z',
        contact: 'Payam reference server',
        key_service: 'API keys are issued by the municipality; the demo key is "demo" when demo data is loaded.',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-01-01T00:00:00Z',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    });

    app.get(`/services.${format}`, (c) => {
      const lang = languageOf(c);
      const q = queryOf(c, lang);
      if (q.jurisdiction_id !== undefined && !ctx.catalog.systems.has(q.jurisdiction_id)) {
        throw problem(404, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
      }
      // Without a system, the public list shows public services only; a system's own list is its
      // form, private complaint services included (the messages stay private, not the form).
      const shown = [...ctx.catalog.services.values()].filter((s) =>
        q.jurisdiction_id === undefined ? s.visibility === 'public' : s.system === q.jurisdiction_id,
      );
      return send(c, format, 'services', shown.map((s) => serviceView(ctx.catalog, s, lang, q.extensions === 'true')));
    });

    app.post(`/requests.${format}`, async (c) => {
      await limits.spendForAddress(c, 'registrationsPerAddress');
      let lang = languageOf(c);
      const fields: BodyFields = await readBody(c, lang);
      lang = languageOf(c, fields.lang);
      const apiKey = (typeof fields.api_key === 'string' && fields.api_key) || c.req.header('x-api-key') || '';
      if (!apiKey) throw problem(403, text(lang, 'apiKeyMissing'), { field: 'api_key' });
      const apiKeyHash = sha256(apiKey);
      if (!apiKeys.remembered(apiKeyHash) && !(await apiKeys.find(apiKeyHash))) throw problem(403, text(lang, 'apiKeyInvalid'), { field: 'api_key' });
      // Counted once the key is known valid: made-up keys never get a counter of their own.
      await limits.spend(c, 'registrationsPerKey', apiKeyHash);
      const { input, region } = messageInputFromWire(ctx.catalog, fields, lang);
      // Photos uploaded first (`POST media`) are named by id; the first is the Open311 media_url.
      const photos = await photosOfRegistration(photoStore, fields, apiKeyHash, lang, c.req.header('idempotency-key') !== undefined);
      if (photos[0] && !input.mediaUrl) input.mediaUrl = photoUrl(ctx, photos[0]);
      const header = c.req.header('idempotency-key');
      let claim = null;
      if (header !== undefined) {
        if (!idempotencyKeySchema.safeParse(header).success) {
          throw problem(400, coreText(lang, 'validation.idempotencyKey'), { field: 'Idempotency-Key' });
        }
        // Compared by meaning: the parsed input, not the bytes or the key order of the body.
        claim = { apiKey, apiKeyHash, key: header, requestHash: requestHash({ input, region }) };
      }
      const result = await registerMessage(ctx, ids, writer, input, region, claim, apiKeyHash);
      if (!result.ok) {
        throw problem(409, text(lang, result.reason === 'token_unavailable' ? 'idempotentTokenLost' : 'idempotencyReused'), { field: 'Idempotency-Key' });
      }
      // After the message is written; a retry with the Idempotency-Key attaches what a crash left.
      if (photos.length > 0) await photoStore.attach(result.messageId, photos.map((p) => p.id), apiKeyHash);
      return send(
        c,
        format,
        'service_requests',
        [{ service_request_id: result.messageId, service_notice: null, account_id: null, citizen_token: result.citizenToken }],
        result.replayed ? 200 : 201,
      );
    });

    app.get(`/requests.${format}`, async (c) => {
      await limits.spendForAddress(c, 'listsPerAddress');
      const lang = languageOf(c);
      const q = queryOf(c, lang);
      const extensions = q.extensions === 'true';
      const params: (string | number | boolean | null | Date)[] = [];
      const add = (value: string | number | Date) => {
        params.push(value);
        return `$${params.length}`;
      };
      const where: string[] = [publicOnlySql(ctx.catalog, 'm', add)];
      const requestIds = list(q.service_request_id);
      if (requestIds.length > 0) {
        where.push(`m.id IN (SELECT jsonb_array_elements_text(${add(JSON.stringify(requestIds.slice(0, MAX_ROWS)))}::jsonb))`);
      } else {
        const now = ctx.now();
        const end = parseDate(q.end_date, 'end_date', lang) ?? now;
        const start = parseDate(q.start_date, 'start_date', lang) ?? new Date(end.getTime() - 90 * DAY_MS);
        where.push(`m.registered_at >= ${add(start.toISOString())}::timestamptz`, `m.registered_at <= ${add(end.toISOString())}::timestamptz`);
        const codes = list(q.service_code);
        if (codes.length > 0) where.push(`m.service_code IN (SELECT jsonb_array_elements_text(${add(JSON.stringify(codes))}::jsonb))`);
        const statuses = list(q.status);
        if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw problem(400, text(lang, 'badQuery'), { field: 'status' });
        if (statuses.length === 1) {
          const set = STATUSES_OF[statuses[0] === 'open' ? 'open' : 'closed'];
          where.push(`m.public_status IN (SELECT jsonb_array_elements_text(${add(JSON.stringify(set))}::jsonb))`);
        }
        if (q.jurisdiction_id !== undefined) where.push(`m.system = ${add(q.jurisdiction_id)}`);
        if (q.region !== undefined) where.push(`m.region = ${add(q.region)}`);
      }
      const rows = await ctx.db.query<PublicMessageRow>(
        `SELECT ${PUBLIC_COLUMNS}${extensions ? `, ${PUBLIC_NOTES_SQL} AS notes` : ''} FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.registered_at DESC, m.id DESC LIMIT ${MAX_ROWS}`,
        params,
      );
      const now = ctx.now();
      return send(c, format, 'service_requests', rows.map((r) => requestView(ctx.catalog, r, lang, extensions, now)));
    });
  }

  /** Loads one message for the public; a private one only with its citizen token. */
  async function publicMessage(token: string | undefined, id: string, lang: Language, extensions: boolean): Promise<PublicMessageRow> {
    const rows = await ctx.db.query<PublicMessageRow & { citizen_token_hash: string }>(
      `SELECT ${PUBLIC_COLUMNS}, m.citizen_token_hash${extensions ? `, ${PUBLIC_NOTES_SQL} AS notes` : ''} FROM messages m WHERE m.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row || !publicMayRead(ctx.catalog, { system: row.system, serviceCode: row.service_code, private: row.private, citizenTokenHash: row.citizen_token_hash }, token)) {
      throw problem(404, text(lang, 'requestNotFound'));
    }
    const { citizen_token_hash: _hash, ...publicRow } = row;
    return publicRow;
  }

  app.get('/services/:file', (c) => {
    const lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file) throw problem(404, text(lang, 'notFound'));
    const service = ctx.catalog.services.get(file.name);
    if (!service) throw problem(404, text(lang, 'serviceNotFound'));
    return send(c, file.format, 'service_definition', serviceDefinitionView(service, lang));
  });

  app.get('/requests/:file', async (c) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    const lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file) throw problem(404, text(lang, 'notFound'));
    const extensions = c.req.query('extensions') === 'true';
    const row = await publicMessage(c.req.header('x-citizen-token'), file.name, lang, extensions);
    return send(c, file.format, 'service_requests', [requestView(ctx.catalog, row, lang, extensions, ctx.now())]);
  });

  app.get('/tokens/:file', async (c) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    const lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file) throw problem(404, text(lang, 'notFound'));
    const rows = await ctx.db.query<{ id: string }>('SELECT id FROM messages WHERE citizen_token_hash = $1', [sha256(file.name)]);
    if (!rows[0]) throw problem(404, text(lang, 'tokenNotFound'));
    return send(c, file.format, 'service_requests', [{ service_request_id: rows[0].id, token: file.name }]);
  });

  app.post('/requests/:id/:file', async (c) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    let lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file || (file.name !== 'follow_ups' && file.name !== 'feedback')) throw problem(404, text(lang, 'notFound'));
    const id = c.req.param('id');
    const fields = await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const token = citizenTokenOf(c, fields);
    await requireCitizen(ctx, id, token, lang);
    let event: LifecycleEvent;
    const at = ctx.now().toISOString();
    if (file.name === 'follow_ups') {
      const parsed = followUpBodySchema.safeParse(fields);
      if (!parsed.success) throw issuesProblem(parsed.error.issues, lang, (p) => p.map(String).join('.'));
      event = { type: 'FOLLOW_UP', text: parsed.data.text, at };
    } else {
      const parsed = feedbackBodySchema.safeParse(fields);
      if (!parsed.success) throw issuesProblem(parsed.error.issues, lang, (p) => p.map(String).join('.'));
      event = { type: 'FEEDBACK', resolved: parsed.data.resolved, rating: parsed.data.rating, at, ...(parsed.data.comment ? { comment: parsed.data.comment } : {}) };
    }
    const result = await inTransaction(ctx, (tx) => applyEvent(ctx, tx, id, event));
    if (!result.ok) {
      if (result.refusal) throw refusalProblem(result.refusal, lang, ctx.catalog.settings.calendar.timeZone);
      throw problem(404, text(lang, 'requestNotFound'));
    }
    const view = await publicMessage(token, id, lang, true);
    return send(c, file.format, 'service_requests', [requestView(ctx.catalog, view, lang, true, ctx.now())]);
  });

  return app;
}
