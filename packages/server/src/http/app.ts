import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { SnapshotFormatError } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { languageOf, text } from './i18n.js';
import { ApiProblem } from './problems.js';
import { formatOf, sendErrors } from './respond.js';
import { MAX_BODY_BYTES } from './body.js';
import { open311Routes } from './open311.js';
import { nearbyRoutes } from './nearby.js';
import { publicDataRoutes } from './public-data.js';
import { regionRoutes } from './regions.js';
import { staffRoutes } from './staff.js';
import { staticRoutes, type StaticOptions } from './static.js';
import { openApiDocument, openApiRoute } from './openapi.js';
import { serve } from './route.js';
import { createCredentials, type Credentials } from './credentials.js';
import { RateLimits } from './rate-limits.js';
import { securityHeaders } from './headers.js';
import { operationsRoutes } from './operations.js';
import { pushRoutes, pushWorkerRoute } from './push.js';
import { appWebhookRoutes } from './app-webhooks.js';
import type { WebhookTargetPolicy } from '../webhooks/targets.js';
import type { VapidKeys } from '../push/vapid.js';
import { PhotoStore } from '../photos/store.js';
import { MAX_PHOTO_BYTES, PHOTO_UPLOAD_PATH, photoRoutes, uploadBodyLimit } from './photos.js';
import { ServerMetrics } from '../ops/metrics.js';
import { RememberingRouter } from './router.js';

const CORS_HEADERS = 'Content-Type, Idempotency-Key, X-Citizen-Token, Accept-Language, Authorization, X-Api-Key';

/**
 * CORS for the public API: widgets embed on any municipal site. Headers are set before the
 * handler runs (`c.header`), so they travel with whatever answer it gives, errors included,
 * without rebuilding the response as Hono's own CORS middleware does.
 */
const publicCors: MiddlewareHandler = async (c, next) => {
  c.header('Access-Control-Allow-Origin', '*');
  if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
    c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    c.header('Access-Control-Allow-Headers', CORS_HEADERS);
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  }
  await next();
};

/** A path as it may be logged: `tokens/{token}` carries a citizen's secret, so it is masked. */
export function loggablePath(path: string): string {
  return path.replace(/(\/tokens\/)[^/]+/, '$1…');
}

/**
 * The path a request is routed by: under the Open311 prefix a run of slashes counts as one, so a
 * client that joins an endpoint ending in `/` with `/services.xml` is answered.
 */
export function routedPath(request: Request): string {
  const path = getPath(request);
  return path.startsWith('/open311/') ? path.replace(/\/{2,}/g, '/') : path;
}

/** Options of the HTTP app. */
export interface AppOptions extends StaticOptions {
  /** Whether each request is logged (method, path, status, time; never a body). */
  logRequests?: boolean;
  /** The staff-token and API-key caches (default: new ones with the default bounds). */
  credentials?: Credentials;
  /** The abuse limits (default: none; `startServer` gives the configured ones). */
  rateLimits?: RateLimits;
  /** The metrics `/metrics` renders (default: new ones). */
  metrics?: ServerMetrics;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** The VAPID keys pushes are signed with (without them the push routes are not served). */
  vapid?: VapidKeys;
  /** Where photos are kept (default: the database) and the most bytes one photo may have as sent (default 8 MB). */
  photos?: { store?: PhotoStore; maxBytes?: number };
  /** Whether every request is counted and timed for `/metrics` (default true; false only to measure what that costs). */
  requestMetrics?: boolean;
  /** Where app webhooks may point (default: https to public addresses only). */
  appWebhooks?: WebhookTargetPolicy;
}

/**
 * The Hono app: the public Open311 API and its extensions under `/open311/v2`, the staff API under
 * `/staff/v1`, `/openapi.json`, and the example page and widget bundles. One error path turns every
 * failure into an Open311 error body (XML for `.xml` routes).
 */
export function createApp(ctx: ServerContext, options: AppOptions = {}): Hono {
  const app = new Hono({ getPath: routedPath, router: new RememberingRouter() });
  const credentials = options.credentials ?? createCredentials(ctx);
  const metrics = options.metrics ?? new ServerMetrics(ctx);
  if (options.requestMetrics !== false) app.use(metrics.middleware);
  app.use(securityHeaders());
  if (options.logRequests) {
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      ctx.log.info('request', { method: c.req.method, path: loggablePath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) });
    });
  }
  // A NUL character cannot be stored or matched in PostgreSQL text: refuse it before any query.
  app.use(async (c, next) => {
    ctx.activity?.note();
    if (/%00/.test(c.req.url) || c.req.url.includes('\u0000')) {
      throw new ApiProblem(400, [{ code: 400, description: text(languageOf(c), 'badCharacters') }]);
    }
    await next();
  });
  // Stops reading a body as soon as it passes the limit, chunked uploads included. A body with a
  // declared length is judged by it, without wrapping the request in a web stream (the costly
  // part of the limit on the hot paths).
  const tooLarge = (c: Context) => {
    // The rest of the body is never read: the connection cannot carry another request.
    c.header('connection', 'close');
    return sendErrors(c, formatOf(c.req.path), 413, [{ code: 413, description: text(languageOf(c), 'bodyTooLarge') }]);
  };
  const streamedBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Photo uploads alone may carry more: three photos and the form around them.
  const maxPhotoBytes = options.photos?.maxBytes ?? MAX_PHOTO_BYTES;
  const uploadLimit = uploadBodyLimit(maxPhotoBytes);
  const streamedUploadLimit = bodyLimit({ maxSize: uploadLimit, onError: tooLarge });
  app.use(async (c, next) => {
    const upload = c.req.method === 'POST' && PHOTO_UPLOAD_PATH.test(c.req.path);
    if (c.req.header('transfer-encoding') !== undefined) return (upload ? streamedUploadLimit : streamedBodyLimit)(c, next);
    const declared = c.req.header('content-length');
    // Without a length or a transfer encoding an HTTP/1.1 request has no body (GET, most often).
    if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > (upload ? uploadLimit : MAX_BODY_BYTES))) return tooLarge(c);
    await next();
  });
  app.use('/open311/*', publicCors);
  app.use('/openapi.json', publicCors);
  const limits = options.rateLimits ?? new RateLimits(ctx.db, false, 'memory');
  // Push routes only with VAPID keys (`startServer` always has them).
  if (options.vapid) app.route('/open311/v2', pushRoutes(ctx, options.vapid, limits));
  const photos = options.photos?.store ?? new PhotoStore(ctx.db);
  app.route('/open311/v2', photoRoutes(ctx, photos, credentials, limits, maxPhotoBytes));
  app.route('/open311/v2', appWebhookRoutes(ctx, credentials, options.appWebhooks));
  app.route('/open311/v2', nearbyRoutes(ctx, limits));
  app.route('/open311/v2', open311Routes(ctx, credentials, limits, photos));
  app.route('/open311/v2', publicDataRoutes(ctx));
  app.route('/open311/v2', regionRoutes(ctx));
  app.route('/staff/v1', staffRoutes(ctx, credentials));
  // English unless Persian is asked for (`?lang=fa` or Accept-Language: fa).
  serve(app, openApiRoute, (c, { query }) => c.json(openApiDocument(ctx.address.base, query.lang === 'fa' || /^fa\b/i.test(c.req.header('accept-language') ?? '') ? 'fa' : 'en')));
  app.route('/', operationsRoutes(ctx, { metrics, metricsToken: options.metricsToken }));
  app.route('/', pushWorkerRoute());
  // The example page opened from a tracking link carries the message's public answer, read through
  // this same app for the page's visitor (same limits, same privacy rules).
  app.route(
    '/',
    staticRoutes(options, async (c, path, lang) => {
      const answer = await app.fetch(new Request(new URL(path, c.req.url), { headers: { 'accept-language': lang } }), c.env);
      return answer.ok ? answer.text() : null;
    }),
  );

  app.notFound((c) => {
    const lang = languageOf(c);
    return sendErrors(c, formatOf(c.req.path), 404, [{ code: 404, description: text(lang, 'notFound') }]);
  });
  app.onError((error, c) => {
    const format = formatOf(c.req.path);
    if (error instanceof ApiProblem) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return sendErrors(c, format, error.status, error.errors);
    }
    const lang = languageOf(c);
    if (error instanceof SnapshotFormatError) {
      // A message stored by a newer server (a rollback after an upgrade), or damaged: never acted
      // on. A 409 with the reason, and a log line naming the message and its format version.
      ctx.log.error('stored message cannot be read', { problem: error.problem, version: error.version, messageId: error.messageId, path: loggablePath(c.req.path) });
      const reason = error.problem === 'newer_version' ? 'stored_in_newer_format' : 'stored_unreadable';
      return sendErrors(c, format, 409, [{ code: 409, description: text(lang, error.problem === 'newer_version' ? 'storedInNewerFormat' : 'storedUnreadable'), refusal: reason }]);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return sendErrors(c, format, error.status, [{ code: error.status, description: text(lang, 'badForm') }]);
    }
    const id = randomUUID();
    // Only the error's id, kind and the path: a stack may hold citizen text, a log line must not.
    ctx.log.error('unexpected error', { errorId: id, kind: error.name, path: loggablePath(c.req.path) });
    if (process.env.PAYAM_DEBUG === '1') console.error(error);
    return sendErrors(c, format, 500, [{ code: 500, description: text(lang, 'internal', { id }) }]);
  });
  return app;
}
