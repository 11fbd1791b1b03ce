import { createHmac, randomBytes } from 'node:crypto';
import { open311StatusOf, type PublicStatus } from '@payam/core';
import * as z from 'zod';
import type { Queryable } from '../db/database.js';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { openToken, sealToken } from '../engine/secrets.js';
import type { Delivery } from '../notify/channels.js';

/** The most webhooks one API key keeps. */
export const MAX_WEBHOOKS_PER_KEY = 5;

/** A webhook URL: absolute http(s), no user name or password in it (they would be logged and sent around). */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return false;
    }
  });

/** The body of `POST /open311/v2/webhooks.json`. */
export const webhookCreateSchema = z.object({ url: webhookUrlSchema.describe('Where status changes are posted (http or https).') });

/** A webhook as its API key's holder sees it (never its secret, after the first answer). */
export const webhookViewSchema = z.object({
  webhook_id: z.string(),
  url: z.string(),
  created_datetime: z.string(),
});

/** What a webhook receives: one status change of a message registered with its API key. No personal data, no text. */
export const statusChangeSchema = z.object({
  event: z.literal('status_changed'),
  webhook_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']).describe('Open311 status.'),
  detailed_status: z.string().describe('The detailed public status (`extended_attributes.detailed_status`).'),
  changed_datetime: z.string(),
});
/** A status change as posted to an app's webhook. */
export type StatusChange = z.infer<typeof statusChangeSchema>;

/** The signature of a webhook body: `sha256=` and the hex HMAC-SHA-256 of the body with the webhook's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Registers a webhook for an API key: its id and its signing secret (shown once); `null` when the key has {@link MAX_WEBHOOKS_PER_KEY} already. */
export async function createWebhook(ctx: Pick<ServerContext, 'db' | 'secretKey' | 'now'>, apiKeyHash: string, url: string): Promise<{ id: string; secret: string; createdAt: string } | null> {
  const id = `wh_${randomBytes(12).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  const createdAt = ctx.now().toISOString();
  // The count and the insert in one statement: two registrations at once cannot both pass the limit's last place unnoticed by much.
  const rows = await ctx.db.query(
    `INSERT INTO app_webhooks (id, api_key_hash, url, sealed_secret, created_at)
     SELECT $1, $2, $3, $4, $5::timestamptz WHERE (SELECT count(*) FROM app_webhooks WHERE api_key_hash = $2 AND removed_at IS NULL) < $6
     RETURNING id`,
    [id, apiKeyHash, url, sealToken(secret, ctx.secretKey), createdAt, MAX_WEBHOOKS_PER_KEY],
  );
  return rows.length > 0 ? { id, secret, createdAt } : null;
}

/** The webhooks of an API key. */
export async function webhooksOf(db: Queryable, apiKeyHash: string): Promise<z.infer<typeof webhookViewSchema>[]> {
  const rows = await db.query<{ id: string; url: string; created_at: unknown }>('SELECT id, url, created_at FROM app_webhooks WHERE api_key_hash = $1 AND removed_at IS NULL ORDER BY created_at, id', [apiKeyHash]);
  return rows.map((r) => ({ webhook_id: r.id, url: r.url, created_datetime: toIso(r.created_at) }));
}

/** Removes a webhook of an API key; `false` when the key has none with this id. Deliveries waiting for it are skipped. */
export async function removeWebhook(ctx: Pick<ServerContext, 'db' | 'now'>, apiKeyHash: string, id: string): Promise<boolean> {
  const rows = await ctx.db.query('UPDATE app_webhooks SET removed_at = $3::timestamptz WHERE id = $1 AND api_key_hash = $2 AND removed_at IS NULL RETURNING id', [id, apiKeyHash, ctx.now().toISOString()]);
  return rows.length > 0;
}

/**
 * Writes an outbox row per webhook of the API key that registered the message, for one change of
 * its public status, in the transaction that changed it: nothing is lost on a crash, and the row's
 * idempotency key (webhook, message, status, time) lets the receiver drop a repeat.
 */
export async function enqueueStatusChange(tx: Queryable, messageId: string, status: PublicStatus, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (kind, message_id, idempotency_key, payload, next_attempt_at)
     SELECT 'app_webhook', m.id, 'app_webhook:' || w.id || ':' || m.id || ':' || $2 || ':' || $3, jsonb_build_object('webhookId', w.id, 'status', $2::text, 'at', $3::text), $3::timestamptz
     FROM messages m JOIN app_webhooks w ON w.api_key_hash = m.registered_by AND w.removed_at IS NULL
     WHERE m.id = $1
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [messageId, status, at],
  );
}

/**
 * Posts one status change to an app's webhook: JSON, signed in `X-Payam-Signature`, with the
 * outbox row's `Idempotency-Key`. A removed webhook is `skipped`; an answer other than 2xx throws,
 * so the outbox retries (and gives up into a dead letter after its attempts).
 */
export async function deliverStatusChange(
  ctx: Pick<ServerContext, 'db' | 'secretKey'>,
  row: { messageId: string; idempotencyKey: string; payload: { webhookId?: unknown; status?: unknown; at?: unknown } },
  signal: AbortSignal,
): Promise<Delivery> {
  const webhookId = String(row.payload.webhookId ?? '');
  const [hook] = await ctx.db.query<{ url: string; sealed_secret: string; removed_at: unknown }>('SELECT url, sealed_secret, removed_at FROM app_webhooks WHERE id = $1', [webhookId]);
  if (!hook || hook.removed_at) return 'skipped';
  const secret = openToken(hook.sealed_secret, ctx.secretKey);
  if (!secret) throw new Error('The webhook secret cannot be opened with this server secret');
  const status = String(row.payload.status) as PublicStatus;
  const change: StatusChange = {
    event: 'status_changed',
    webhook_id: webhookId,
    service_request_id: row.messageId,
    status: open311StatusOf(status),
    detailed_status: status,
    changed_datetime: String(row.payload.at),
  };
  const body = JSON.stringify(change);
  const response = await fetch(hook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': row.idempotencyKey, 'x-payam-signature': webhookSignature(secret, body), 'x-payam-webhook-id': webhookId },
    body,
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
  });
  await response.arrayBuffer().catch(() => undefined);
  // The app's status only, never its URL (it may carry a token of the app's own).
  if (response.status < 200 || response.status >= 300) throw new Error(`The app webhook answered HTTP ${response.status}`);
  return 'delivered';
}
