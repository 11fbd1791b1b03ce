import type { Agent } from 'node:https';
import webpush from 'web-push';
import * as z from 'zod';
import type { ServerContext } from '../engine/context.js';
import type { Queryable } from '../db/database.js';
import { untilAborted, type ChannelAdapter } from '../notify/channels.js';
import type { VapidKeys } from './vapid.js';

const base64url = (bytes: number) =>
  z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/).refine((value) => Buffer.from(value, 'base64url').length === bytes);

/**
 * A Web Push subscription as a browser's `PushSubscription.toJSON()` gives it: an https endpoint of
 * the push service, the client's P-256 public key (`p256dh`, 65 bytes uncompressed) and the
 * authentication secret (`auth`, 16 bytes), both base64url.
 */
export const pushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2048).describe('The push service endpoint (https).'),
  expirationTime: z.number().nullable().optional().describe('When the subscription expires, if the browser says (ignored).'),
  keys: z.object({
    p256dh: base64url(65).refine((value) => Buffer.from(value, 'base64url')[0] === 4).describe('The client public key (uncompressed P-256, base64url).'),
    auth: base64url(16).describe('The authentication secret (16 bytes, base64url).'),
  }),
});
/** A Web Push subscription. */
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

/** The body of a subscription removal: the endpoint to forget. */
export const pushUnsubscribeSchema = z.object({ endpoint: z.string().min(1).max(2048) });

/** The answer of `GET /open311/v2/push/vapid_public_key.json`. */
export const vapidPublicKeySchema = z.object({ public_key: z.string().describe('The VAPID public key, base64url: `applicationServerKey` of `pushManager.subscribe`.') });

/** The most subscriptions one message keeps (a citizen's phone, laptop, a relative's…). */
export const MAX_SUBSCRIPTIONS_PER_MESSAGE = 10;

/** Keeps a subscription for a message; `false` when the message has {@link MAX_SUBSCRIPTIONS_PER_MESSAGE} others already. A repeat replaces the keys. */
export async function addSubscription(tx: Queryable, messageId: string, subscription: PushSubscriptionInput, at: Date): Promise<boolean> {
  const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM push_subscriptions WHERE message_id = $1 AND endpoint <> $2', [messageId, subscription.endpoint]);
  if ((count?.n ?? 0) >= MAX_SUBSCRIPTIONS_PER_MESSAGE) return false;
  await tx.query(
    `INSERT INTO push_subscriptions (message_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (message_id, endpoint) DO UPDATE SET p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth`,
    [messageId, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth, at.toISOString()],
  );
  return true;
}

/** Forgets a message's subscription; `false` when it had none with this endpoint. */
export async function removeSubscription(db: Queryable, messageId: string, endpoint: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM push_subscriptions WHERE message_id = $1 AND endpoint = $2 RETURNING id', [messageId, endpoint]);
  return rows.length > 0;
}

/**
 * Push as a channel, to the subscriptions citizens registered for the message (`POST
 * /open311/v2/requests/{id}/subscriptions.json`): each notification goes to every one of them,
 * encrypted (aes128gcm, RFC 8291) and signed with the server's VAPID key. A message without a
 * subscription is `skipped`; a push service answering 404 or 410 (RFC 8030: gone) has that
 * subscription deleted. Delivered when at least one push service took it; when none did and one
 * failed otherwise, it throws, so the outbox retries.
 */
export function subscriptionPushChannel(ctx: Pick<ServerContext, 'db'>, vapid: VapidKeys, options: { agent?: Agent } = {}): ChannelAdapter {
  return {
    channel: 'push',
    async deliver({ messageId, text, link, signal }) {
      const subscriptions = await ctx.db.query<{ id: number; endpoint: string; p256dh: string; auth: string }>(
        'SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE message_id = $1 ORDER BY id',
        [messageId],
      );
      let delivered = 0;
      let failure: Error | null = null;
      const payload = JSON.stringify({ title: text.title, body: text.body, url: link, messageId });
      for (const s of subscriptions) {
        try {
          await untilAborted(
            webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
              vapidDetails: vapid,
              TTL: 86_400,
              timeout: 10_000,
              ...(options.agent ? { agent: options.agent } : {}),
            }),
            signal,
          );
          delivered++;
        } catch (error) {
          const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
          if (status === 404 || status === 410) {
            await ctx.db.query('DELETE FROM push_subscriptions WHERE id = $1', [s.id]);
            continue;
          }
          // The push service's status, never the endpoint (it identifies the device).
          failure = new Error(status ? `The push service answered HTTP ${status}` : `The push service could not be reached (${(error as Error).name})`);
        }
      }
      if (delivered > 0) return 'delivered';
      if (failure) throw failure;
      return 'skipped';
    },
  };
}
