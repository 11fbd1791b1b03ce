import { Hono } from 'hono';
import type { ServerContext } from '../engine/context.js';
import { createWebhook, MAX_WEBHOOKS_PER_KEY, removeWebhook, webhookCreateSchema, webhooksOf } from '../webhooks/app-webhooks.js';
import { requireApiKey } from './api-key.js';
import { readBody } from './body.js';
import type { Credentials } from './credentials.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import { send, splitFormat } from './respond.js';

/**
 * Webhooks for apps, under `/open311/v2`, for the holder of an API key (`api_key` or `X-Api-Key`):
 * `POST webhooks.json` registers a URL (the answer shows its signing secret, once), `GET
 * webhooks.json` lists the key's webhooks, `DELETE webhooks/{id}.json` removes one. Each receives
 * the status changes of the messages registered with that key, signed, through the outbox.
 */
export function appWebhookRoutes(ctx: ServerContext, { apiKeys }: Pick<Credentials, 'apiKeys'>): Hono {
  const app = new Hono();

  app.post('/webhooks.json', async (c) => {
    let lang = languageOf(c);
    const fields = await readBody(c, lang);
    lang = languageOf(c, fields.lang);
    const apiKeyHash = await requireApiKey(c, apiKeys, lang, fields);
    const parsed = webhookCreateSchema.safeParse(fields);
    if (!parsed.success) throw problem(400, text(lang, 'webhookUrl'), { field: 'url' });
    const created = await createWebhook(ctx, apiKeyHash, parsed.data.url);
    if (!created) throw problem(409, text(lang, 'webhookLimit', { max: String(MAX_WEBHOOKS_PER_KEY) }), { field: 'url' });
    return send(c, 'json', 'webhook', { webhook_id: created.id, url: parsed.data.url, created_datetime: created.createdAt, secret: created.secret }, 201);
  });

  app.get('/webhooks.json', async (c) => {
    const lang = languageOf(c);
    const apiKeyHash = await requireApiKey(c, apiKeys, lang);
    return send(c, 'json', 'webhooks', await webhooksOf(ctx.db, apiKeyHash));
  });

  app.delete('/webhooks/:file', async (c) => {
    const lang = languageOf(c);
    const apiKeyHash = await requireApiKey(c, apiKeys, lang);
    const file = splitFormat(c.req.param('file'));
    // Another key's webhook answers as a nonexistent one.
    if (!file || !(await removeWebhook(ctx, apiKeyHash, file.name))) throw problem(404, text(lang, 'webhookNotFound'));
    return send(c, file.format, 'webhook', { webhook_id: file.name, removed: true });
  });

  return app;
}
