import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { joinFollowed, mayFollow } from '../duplicates/follow.js';
import { shortDate, STATUSES_OF, idempotencyKeySchema, type Language, type LifecycleEvent, type Refusal } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import { publicMayRead, publicOnlySql } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { MessageIds, registerMessage, requestHash } from '../engine/registration.js';
import { RegistrationWriter, registrationBatching } from '../engine/registration-writer.js';
import { applyEvent, inTransaction } from '../engine/transitions.js';
import type { Credentials } from './credentials.js';
import type { RateLimitName, RateLimits } from './rate-limits.js';
import { languageOf, text } from './i18n.js';
import { coreText } from '../texts.js';
import { type ApiProblem, problem } from './problems.js';
import { send } from './respond.js';
import { PUBLIC_COLUMNS, PUBLIC_NOTES_SQL, requestView, serviceDefinitionView, serviceView, type PublicMessageRow } from './views.js';
import { checkRegistration, registrationDecoder } from './wire.js';
import { open311Api } from './open311-api.js';
import { serve } from './route.js';
import { readBody } from './body.js';
import { checkedApiKey } from './api-key.js';
import { PhotoStore } from '../photos/store.js';
import { photosOfRegistration, photoUrl } from './photos.js';
import { requireCitizen } from './citizen.js';

const DAY_MS = 86_400_000;
const MAX_ROWS = 1000;

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** A refusal from the lifecycle as a 409 in the citizen's language. */
export function refusalProblem(refusal: Refusal, lang: Language, timeZone: string): ApiProblem {
  const params: Record<string, string> = { ...refusal.params };
  if (params.closesAt) params.closesAt = shortDate(params.closesAt, lang, timeZone);
  return problem(409, coreText(lang, `refusals.${refusal.code}`, params), { refusal: refusal.code });
}

/** What the API-key check hands on to the registration: the key and its hash. */
type Open311Env = { Variables: { apiKey: { key: string; hash: string } } };

/** The public Open311 GeoReport v2 API and its extensions, under `/open311/v2`. */
export function open311Routes(ctx: ServerContext, { apiKeys }: Pick<Credentials, 'apiKeys'>, limits: RateLimits, photoStore: PhotoStore = new PhotoStore(ctx.db)): Hono<Open311Env> {
  const app = new Hono<Open311Env>();
  const ids = new MessageIds(ctx);
  const writer = new RegistrationWriter(ctx.db, registrationBatching(ctx.db.kind));
  /** The middleware that spends a point of `name` for the client's address; none when that limit is off. */
  const limit = (name: RateLimitName): MiddlewareHandler<Open311Env>[] =>
    limits.has(name)
      ? [
          async (c, next) => {
            await limits.spendForAddress(c, name);
            await next();
          },
        ]
      : [];

  serve(app, open311Api.discovery, (c, { format }) => {
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

  serve(app, open311Api.services, (c, { query, format, lang }) => {
    if (query.jurisdiction_id !== undefined && !ctx.catalog.systems.has(query.jurisdiction_id)) {
      throw problem(404, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
    }
    // Without a system, the public list shows public services only; a system's own list is its
    // form, private complaint services included (the messages stay private, not the form).
    const shown = [...ctx.catalog.services.values()].filter((s) => (query.jurisdiction_id === undefined ? s.visibility === 'public' : s.system === query.jurisdiction_id));
    return send(c, format, 'services', shown.map((s) => serviceView(ctx.catalog, s, lang, query.extensions === 'true')));
  });

  /** The API key (body `api_key` or `X-Api-Key`) is checked before the body is: 403 for a wrong one. */
  const apiKey: MiddlewareHandler<Open311Env> = async (c, next) => {
    let lang = languageOf(c);
    const fields = await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const { key, hash } = await checkedApiKey(c, apiKeys, lang, fields, { query: false });
    // Counted once the key is known valid: made-up keys never get a counter of their own.
    if (limits.has('registrationsPerKey')) await limits.spend(c, 'registrationsPerKey', hash);
    c.set('apiKey', { key, hash });
    await next();
  };

  serve(
    app,
    open311Api.register,
    async (c, { body: input, format, lang }) => {
      const { key, hash } = c.get('apiKey');
      const { region } = checkRegistration(ctx.catalog, input, lang);
      const header = c.req.header('idempotency-key');
      // The message an earlier attempt of this registration wrote (same API key and Idempotency-Key),
      // if any: looked up once, when the follow check or the photos first ask.
      let earlier: Promise<string | null> | undefined;
      const retriedMessage = () =>
        (earlier ??=
          header === undefined
            ? Promise.resolve(null)
            : ctx.db
                .query<{ message_id: string }>('SELECT message_id FROM idempotency_keys WHERE api_key_hash = $1 AND key = $2', [hash, header])
                .then(([row]) => row?.message_id ?? null));
      // A message no longer offered may not be followed, except by a retry of the registration
      // that followed it: that one gets its own answer again.
      if (input.follow !== undefined && !(await mayFollow(ctx, input.system, input.follow)) && (await retriedMessage()) === null) {
        throw problem(400, text(lang, 'followUnknown'), { field: 'follow' });
      }
      // Photos uploaded first (`POST media`) are named by id; the first is the Open311 media_url.
      // Photos attached already may be named again only by a retry of the registration that attached them.
      const photos = await photosOfRegistration(photoStore, input.mediaIds, hash, lang, ctx.now(), retriedMessage);
      if (photos[0] && !input.mediaUrl) input.mediaUrl = photoUrl(ctx, photos[0]);
      let claim = null;
      if (header !== undefined) {
        if (!idempotencyKeySchema.safeParse(header).success) {
          throw problem(400, coreText(lang, 'validation.idempotencyKey'), { field: 'Idempotency-Key' });
        }
        // Compared by meaning: the parsed input, not the bytes or the key order of the body.
        claim = { apiKey: key, apiKeyHash: hash, key: header, requestHash: requestHash({ input, region }) };
      }
      const result = await registerMessage(ctx, ids, writer, input, region, claim, hash);
      if (!result.ok) {
        throw problem(409, text(lang, result.reason === 'token_unavailable' ? 'idempotentTokenLost' : 'idempotencyReused'), { field: 'Idempotency-Key' });
      }
      // After the message is written; a retry with the Idempotency-Key attaches what a crash left.
      if (photos.length > 0) await photoStore.attach(result.messageId, photos.map((p) => p.id), hash);
      // The citizen chose to follow an open message instead of a message of their own.
      // A replay joins it too: the process may have stopped between writing the message and joining it.
      if (input.follow !== undefined) await joinFollowed(ctx, result.messageId, input.follow, result.replayed);
      return send(
        c,
        format,
        'service_requests',
        [{ service_request_id: result.messageId, service_notice: null, account_id: null, citizen_token: result.citizenToken }],
        result.replayed ? 200 : 201,
      );
    },
    { before: [...limit('registrationsPerAddress'), apiKey], decodeBody: registrationDecoder(() => ctx.catalog) },
  );

  serve(
    app,
    open311Api.list,
    async (c, { query: q, format, lang }) => {
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
        const end = q.end_date ? new Date(q.end_date) : ctx.now();
        const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * DAY_MS);
        where.push(`m.registered_at >= ${add(start.toISOString())}::timestamptz`, `m.registered_at <= ${add(end.toISOString())}::timestamptz`);
        const codes = list(q.service_code);
        if (codes.length > 0) where.push(`m.service_code IN (SELECT jsonb_array_elements_text(${add(JSON.stringify(codes))}::jsonb))`);
        const statuses = list(q.status);
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
    },
    { before: limit('listsPerAddress') },
  );

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

  serve(app, open311Api.service, (c, { params, format, lang }) => {
    const service = ctx.catalog.services.get(params.service_code);
    if (!service) throw problem(404, text(lang, 'serviceNotFound'));
    return send(c, format, 'service_definition', serviceDefinitionView(service, lang));
  });

  serve(
    app,
    open311Api.request,
    async (c, { params, query, format, lang }) => {
      const extensions = query.extensions === 'true';
      const row = await publicMessage(c.req.header('x-citizen-token'), params.id, lang, extensions);
      return send(c, format, 'service_requests', [requestView(ctx.catalog, row, lang, extensions, ctx.now())]);
    },
    { before: limit('lookupsPerAddress') },
  );

  serve(
    app,
    open311Api.token,
    async (c, { params, format, lang }) => {
      const rows = await ctx.db.query<{ id: string }>('SELECT id FROM messages WHERE citizen_token_hash = $1', [sha256(params.token)]);
      if (!rows[0]) throw problem(404, text(lang, 'tokenNotFound'));
      return send(c, format, 'service_requests', [{ service_request_id: rows[0].id, token: params.token }]);
    },
    { before: limit('lookupsPerAddress') },
  );

  /** Applies a citizen's follow-up or feedback to message `id`, with its citizen token. */
  async function citizenEvent(c: Context<Open311Env>, id: string, bodyToken: string | undefined, lang: Language, event: LifecycleEvent) {
    const token = c.req.header('x-citizen-token') ?? bodyToken ?? '';
    await requireCitizen(ctx, id, token, lang);
    const result = await inTransaction(ctx, (tx) => applyEvent(ctx, tx, id, event));
    if (!result.ok) {
      if (result.refusal) throw refusalProblem(result.refusal, lang, ctx.catalog.settings.calendar.timeZone);
      throw problem(404, text(lang, 'requestNotFound'));
    }
    const view = await publicMessage(token, id, lang, true);
    return requestView(ctx.catalog, view, lang, true, ctx.now());
  }

  serve(
    app,
    open311Api.followUp,
    async (c, { params, body, format, lang }) => {
      const event: LifecycleEvent = { type: 'FOLLOW_UP', text: body.text, at: ctx.now().toISOString() };
      return send(c, format, 'service_requests', [await citizenEvent(c, params.id, body.citizen_token, lang, event)]);
    },
    { before: limit('lookupsPerAddress') },
  );

  serve(
    app,
    open311Api.feedback,
    async (c, { params, body, format, lang }) => {
      const event: LifecycleEvent = { type: 'FEEDBACK', resolved: body.resolved, rating: body.rating, at: ctx.now().toISOString(), ...(body.comment ? { comment: body.comment } : {}) };
      return send(c, format, 'service_requests', [await citizenEvent(c, params.id, body.citizen_token, lang, event)]);
    },
    { before: limit('lookupsPerAddress') },
  );

  return app;
}
