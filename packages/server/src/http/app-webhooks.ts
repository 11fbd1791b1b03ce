import { Hono, type MiddlewareHandler } from 'hono';
import type { ServerContext } from '../engine/context.js';
import { createWebhook, MAX_WEBHOOKS_PER_KEY, removeWebhook, webhooksOf } from '../webhooks/app-webhooks.js';
import { appWebhookApi, webhookDecoder } from './app-webhook-api.js';
import { requireApiKey } from './api-key.js';
import { readBody } from './body.js';
import type { Credentials } from './credentials.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import { send } from './respond.js';
import { serve } from './route.js';

/** The hash of the caller's API key, checked before the input is. */
type WebhookEnv = { Variables: { apiKeyHash: string } };

/**
 * Webhooks for apps, under `/open311/v2` (routes in `app-webhook-api.ts`), for the holder of an
 * API key (`api_key` or `X-Api-Key`): `POST webhooks.json` registers a URL (the answer shows its
 * signing secret, once), `GET webhooks.json` lists the key's webhooks, `DELETE webhooks/{id}.json`
 * removes one. Each receives the status changes of the messages registered with that key, signed,
 * through the outbox.
 */
export function appWebhookRoutes(ctx: ServerContext, { apiKeys }: Pick<Credentials, 'apiKeys'>): Hono<WebhookEnv> {
  const app = new Hono<WebhookEnv>();
  const apiKey: MiddlewareHandler<WebhookEnv> = async (c, next) => {
    let lang = languageOf(c);
    const fields = c.req.method === 'POST' ? await readBody(c, lang) : {};
    lang = languageOf(c, fields.lang);
    c.set('apiKeyHash', await requireApiKey(c, apiKeys, lang, fields));
    await next();
  };

  serve(
    app,
    appWebhookApi.create,
    async (c, { body, lang }) => {
      const created = await createWebhook(ctx, c.get('apiKeyHash'), body.url);
      if (!created) throw problem(409, text(lang, 'webhookLimit', { max: String(MAX_WEBHOOKS_PER_KEY) }), { field: 'url' });
      return send(c, 'json', 'webhook', { webhook_id: created.id, url: body.url, created_datetime: created.createdAt, secret: created.secret }, 201);
    },
    { before: [apiKey], decodeBody: webhookDecoder },
  );

  serve(app, appWebhookApi.list, async (c) => send(c, 'json', 'webhooks', await webhooksOf(ctx.db, c.get('apiKeyHash'))), { before: [apiKey] });

  serve(
    app,
    appWebhookApi.remove,
    async (c, { params, format, lang }) => {
      // Another key's webhook answers as a nonexistent one.
      if (!(await removeWebhook(ctx, c.get('apiKeyHash'), params.id))) throw problem(404, text(lang, 'webhookNotFound'));
      return send(c, format, 'webhook', { webhook_id: params.id, removed: true });
    },
    { before: [apiKey] },
  );

  return app;
}
