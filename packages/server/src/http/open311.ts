import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  feedbackBodySchema,
  followUpBodySchema,
  idempotencyKeySchema,
  shortDate,
  type Language,
  type LifecycleEvent,
  type Refusal,
} from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { ServerContext } from '../engine/context.js';
import { MessageIds, registerMessage, requestHash } from '../engine/registration.js';
import { RegistrationWriter, registrationBatching } from '../engine/registration-writer.js';
import { applyEvent, inTransaction } from '../engine/transitions.js';
import { readBody, type BodyFields } from './body.js';
import { languageOf, text } from './i18n.js';
import { coreText } from '../texts.js';
import { ApiProblem, problem } from './problems.js';
import { send, splitFormat, type Format } from './respond.js';
import { PUBLIC_COLUMNS, PUBLIC_NOTES_SQL, requestView, serviceDefinitionView, serviceView, type PublicMessageRow } from './views.js';
import { issuesProblem, messageInputFromWire } from './wire.js';

const FORMATS: readonly Format[] = ['json', 'xml'];
const DAY_MS = 86_400_000;
const MAX_ROWS = 1000;

/** Checks API keys against the database, remembering valid ones for a short while. */
class ApiKeys {
  private readonly valid = new Map<string, number>();
  constructor(private readonly ctx: ServerContext) {}

  /** Whether the key with this hash was found valid in the last 30 s (no query, no promise). */
  remembered(hash: string): boolean {
    const until = this.valid.get(hash);
    return until !== undefined && until > Date.now();
  }

  /** Whether the key with this hash is valid, asking the database. */
  async check(hash: string): Promise<boolean> {
    if (this.remembered(hash)) return true;
    const rows = await this.ctx.db.query('SELECT 1 FROM api_keys WHERE key_hash = $1', [hash]);
    if (rows.length > 0) this.valid.set(hash, Date.now() + 30_000);
    return rows.length > 0;
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Query values: empty = absent; a repeated parameter is a 400. */
function queryOf(c: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    const value = values[values.length - 1];
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

const OPEN_STATUSES = ['received', 'sorting', 'referred', 'in_progress', 'escalated', 'overdue', 'duplicate', 'reopened'];
const CLOSED_STATUSES = ['answered', 'not_actionable', 'closed'];

/** The public Open311 GeoReport v2 API and its extensions, under `/open311/v2`. */
export function open311Routes(ctx: ServerContext): Hono {
  const app = new Hono();
  const ids = new MessageIds(ctx);
  const writer = new RegistrationWriter(ctx.db, registrationBatching(ctx.db.kind));
  const apiKeys = new ApiKeys(ctx);

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, (c) => {
      const base = `${new URL(c.req.url).origin}/open311/v2/`;
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
      const q = queryOf(c);
      if (q.jurisdiction_id !== undefined && !ctx.catalog.systems.has(q.jurisdiction_id)) {
        throw problem(404, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
      }
      // Without a system, the public list shows public services only; a system's own list is its
      // form, private complaint services included (the messages stay private, not the form).
      const shown = [...ctx.catalog.services.values()].filter((s) =>
        q.jurisdiction_id === undefined ? s.visibility === 'public' : s.system === q.jurisdiction_id,
      );
      return send(c, format, 'services', shown.map((s) => serviceView(s, lang, q.extensions === 'true')));
    });

    app.post(`/requests.${format}`, async (c) => {
      let lang = languageOf(c);
      const fields: BodyFields = await readBody(c, lang);
      lang = languageOf(c, fields.lang);
      const apiKey = (typeof fields.api_key === 'string' && fields.api_key) || c.req.header('x-api-key') || '';
      if (!apiKey) throw problem(403, text(lang, 'apiKeyMissing'), { field: 'api_key' });
      const apiKeyHash = sha256(apiKey);
      if (!apiKeys.remembered(apiKeyHash) && !(await apiKeys.check(apiKeyHash))) throw problem(403, text(lang, 'apiKeyInvalid'), { field: 'api_key' });
      const { input, region } = messageInputFromWire(ctx.catalog, fields, lang);
      const header = c.req.header('idempotency-key');
      let claim = null;
      if (header !== undefined) {
        if (!idempotencyKeySchema.safeParse(header).success) {
          throw problem(400, coreText(lang, 'validation.idempotencyKey'), { field: 'Idempotency-Key' });
        }
        const { api_key: _ignored, ...content } = fields;
        claim = { apiKey, apiKeyHash, key: header, requestHash: requestHash(content) };
      }
      const result = await registerMessage(ctx, ids, writer, input, region, claim);
      if (!result.ok) {
        throw problem(409, text(lang, result.reason === 'token_unavailable' ? 'idempotentTokenLost' : 'idempotencyReused'), { field: 'Idempotency-Key' });
      }
      return send(
        c,
        format,
        'service_requests',
        [{ service_request_id: result.messageId, service_notice: null, account_id: null, citizen_token: result.citizenToken }],
        result.replayed ? 200 : 201,
      );
    });

    app.get(`/requests.${format}`, async (c) => {
      const lang = languageOf(c);
      const q = queryOf(c);
      const extensions = q.extensions === 'true';
      const where: string[] = ['NOT m.private'];
      const params: (string | number | boolean | null | Date)[] = [];
      const add = (value: string | number | Date) => {
        params.push(value);
        return `$${params.length}`;
      };
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
          const set = statuses[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES;
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
    if (!row) throw problem(404, text(lang, 'requestNotFound'));
    if (row.private) {
      if (!token || !sameHash(sha256(token), row.citizen_token_hash)) throw problem(404, text(lang, 'requestNotFound'));
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
    const lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file) throw problem(404, text(lang, 'notFound'));
    const extensions = c.req.query('extensions') === 'true';
    const row = await publicMessage(c.req.header('x-citizen-token'), file.name, lang, extensions);
    return send(c, file.format, 'service_requests', [requestView(ctx.catalog, row, lang, extensions, ctx.now())]);
  });

  app.get('/tokens/:file', async (c) => {
    const lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file) throw problem(404, text(lang, 'notFound'));
    const rows = await ctx.db.query<{ id: string }>('SELECT id FROM messages WHERE citizen_token_hash = $1', [sha256(file.name)]);
    if (!rows[0]) throw problem(404, text(lang, 'tokenNotFound'));
    return send(c, file.format, 'service_requests', [{ service_request_id: rows[0].id, token: file.name }]);
  });

  app.post('/requests/:id/:file', async (c) => {
    let lang = languageOf(c);
    const file = splitFormat(c.req.param('file'));
    if (!file || (file.name !== 'follow_ups' && file.name !== 'feedback')) throw problem(404, text(lang, 'notFound'));
    const id = c.req.param('id');
    const fields = await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const token = c.req.header('x-citizen-token') ?? (typeof fields.citizen_token === 'string' ? fields.citizen_token : '');
    const [row] = await ctx.db.query<{ citizen_token_hash: string; private: boolean }>(
      'SELECT citizen_token_hash, private FROM messages WHERE id = $1',
      [id],
    );
    if (!row) throw problem(404, text(lang, 'requestNotFound'));
    if (!token || !sameHash(sha256(token), row.citizen_token_hash)) {
      if (row.private) throw problem(404, text(lang, 'requestNotFound'));
      throw problem(403, text(lang, token ? 'tokenWrong' : 'tokenMissing'), { field: 'citizen_token' });
    }
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
