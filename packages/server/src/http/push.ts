import { Hono } from 'hono';
import { citizenTokenOf, requireCitizen } from './citizen.js';
import type { ServerContext } from '../engine/context.js';
import { sealToken } from '../engine/secrets.js';
import { inTransaction } from '../engine/transitions.js';
import { addSubscription, MAX_SUBSCRIPTIONS_PER_MESSAGE, pushSubscriptionSchema, pushUnsubscribeSchema, removeSubscription } from '../push/subscriptions.js';
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

/**
 * Web Push for citizens, under `/open311/v2`: the VAPID public key pages subscribe with, and a
 * message's push subscriptions, added and removed with its citizen token.
 */
export function pushRoutes(ctx: ServerContext, vapid: VapidKeys, limits: RateLimits): Hono {
  const app = new Hono();

  app.get('/push/vapid_public_key.json', (c) => send(c, 'json', 'push', { public_key: vapid.publicKey }));

  app.post('/requests/:id/subscriptions.json', async (c) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    let lang = languageOf(c);
    const fields = await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const id = c.req.param('id');
    const token = citizenTokenOf(c, fields);
    await requireCitizen(ctx, id, token, lang);
    const parsed = pushSubscriptionSchema.safeParse(fields.subscription ?? fields);
    if (!parsed.success) throw problem(400, text(lang, 'subscriptionInvalid'), { field: String(parsed.error.issues[0]?.path.join('.') || 'endpoint') });
    const added = await inTransaction(ctx, async (tx) => {
      if (!(await addSubscription(tx, id, parsed.data, ctx.now()))) return false;
      // The notification's link lets the citizen act: it carries the token, kept sealed for it.
      await tx.query(
        `INSERT INTO message_contacts (message_id, sealed_token) VALUES ($1, $2)
         ON CONFLICT (message_id) DO UPDATE SET sealed_token = COALESCE(message_contacts.sealed_token, EXCLUDED.sealed_token)`,
        [id, sealToken(token, ctx.secretKey)],
      );
      return true;
    });
    if (!added) throw problem(409, text(lang, 'subscriptionLimit', { max: String(MAX_SUBSCRIPTIONS_PER_MESSAGE) }), { field: 'endpoint' });
    return send(c, 'json', 'subscription', { service_request_id: id, endpoint: parsed.data.endpoint, subscribed: true }, 201);
  });

  app.delete('/requests/:id/subscriptions.json', async (c) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    let lang = languageOf(c);
    const fields = c.req.query('endpoint') !== undefined ? { endpoint: c.req.query('endpoint') } : await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const id = c.req.param('id');
    await requireCitizen(ctx, id, citizenTokenOf(c, fields), lang);
    const parsed = pushUnsubscribeSchema.safeParse(fields);
    if (!parsed.success) throw problem(400, text(lang, 'subscriptionInvalid'), { field: 'endpoint' });
    if (!(await removeSubscription(ctx.db, id, parsed.data.endpoint))) throw problem(404, text(lang, 'subscriptionNotFound'), { field: 'endpoint' });
    return send(c, 'json', 'subscription', { service_request_id: id, endpoint: parsed.data.endpoint, subscribed: false });
  });

  return app;
}
