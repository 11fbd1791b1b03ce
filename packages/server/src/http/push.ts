import { Hono, type MiddlewareHandler } from 'hono';
import { citizenTokenOf, requireCitizen } from './citizen.js';
import type { ServerContext } from '../engine/context.js';
import { sealToken } from '../engine/secrets.js';
import { inTransaction } from '../engine/transitions.js';
import { addSubscription, MAX_SUBSCRIPTIONS_PER_MESSAGE, removeSubscription } from '../push/subscriptions.js';
import { pushApi, subscriptionDecoder, unsubscribeDecoder } from './push-api.js';
import { serve } from './route.js';
import type { VapidKeys } from '../push/vapid.js';
import { PUSH_WORKER_SCRIPT } from '../push/service-worker.js';
import { readBody } from './body.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import type { RateLimits } from './rate-limits.js';
import { send } from './respond.js';

/** Serves the push service worker at `/payam-push-worker.js` (at the root, so its scope is the whole site). */
export function pushWorkerRoute(): Hono {
  const app = new Hono();
  app.get('/payam-push-worker.js', (c) =>
    c.body(PUSH_WORKER_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'service-worker-allowed': '/' }),
  );
  return app;
}

/** The citizen token of a request, checked before its body is (a stranger learns nothing of a message by a 400). */
function citizenCheck(ctx: ServerContext): MiddlewareHandler {
  return async (c, next) => {
    let lang = languageOf(c);
    const fields = c.req.method === 'DELETE' && c.req.query('endpoint') !== undefined ? {} : await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    await requireCitizen(ctx, c.req.param('id') ?? '', citizenTokenOf(c, fields), lang);
    await next();
  };
}

/**
 * Web Push for citizens, under `/open311/v2` (routes in `push-api.ts`): the VAPID public key pages
 * subscribe with, and a message's push subscriptions, added and removed with its citizen token.
 */
export function pushRoutes(ctx: ServerContext, vapid: VapidKeys, limits: RateLimits): Hono {
  const app = new Hono();
  const limit: MiddlewareHandler = async (c, next) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    await next();
  };
  const citizen = citizenCheck(ctx);

  serve(app, pushApi.vapidKey, (c) => send(c, 'json', 'push', { public_key: vapid.publicKey }));

  serve(
    app,
    pushApi.subscribe,
    async (c, { params: { id }, body: subscription, lang }) => {
      const token = citizenTokenOf(c, await readBody(c, lang));
      const added = await inTransaction(ctx, async (tx) => {
        if (!(await addSubscription(tx, id, subscription, ctx.now()))) return false;
        // The notification's link lets the citizen act: it carries the token, kept sealed for it.
        await tx.query(
          `INSERT INTO message_contacts (message_id, sealed_token) VALUES ($1, $2)
           ON CONFLICT (message_id) DO UPDATE SET sealed_token = COALESCE(message_contacts.sealed_token, EXCLUDED.sealed_token)`,
          [id, sealToken(token, ctx.secretKey)],
        );
        return true;
      });
      if (!added) throw problem(409, text(lang, 'subscriptionLimit', { max: String(MAX_SUBSCRIPTIONS_PER_MESSAGE) }), { field: 'endpoint' });
      return send(c, 'json', 'subscription', { service_request_id: id, endpoint: subscription.endpoint, subscribed: true }, 201);
    },
    { before: [limit, citizen], decodeBody: subscriptionDecoder },
  );

  serve(
    app,
    pushApi.unsubscribe,
    async (c, { params: { id }, body: { endpoint }, lang }) => {
      if (!(await removeSubscription(ctx.db, id, endpoint))) throw problem(404, text(lang, 'subscriptionNotFound'), { field: 'endpoint' });
      return send(c, 'json', 'subscription', { service_request_id: id, endpoint, subscribed: false });
    },
    { before: [limit, citizen], decodeBody: unsubscribeDecoder },
  );

  return app;
}
