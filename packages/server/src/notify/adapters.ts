import { createHmac } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Logger } from '../engine/context.js';
import { untilAborted } from './channels.js';

/** Sends an SMS. Throws when the gateway refuses, so the outbox retries. */
export interface SmsSender {
  /** Sends `text` to `to` (`+989…`); `idempotencyKey` lets the gateway drop repeats; `signal` stops the request. */
  send(sms: { to: string; text: string; idempotencyKey: string; signal?: AbortSignal }): Promise<void>;
}

/** Sends a push notification to a device. */
export interface PushSender {
  /**
   * Sends a title and body to the device `deviceId`. Answers `skipped` when the device has no
   * subscription (or the push service says it is gone); throws on a failure worth retrying.
   */
  send(push: { deviceId: string; title: string; body: string; url: string; idempotencyKey: string; signal?: AbortSignal }): Promise<'delivered' | 'skipped' | void>;
}

/** Tells a unit (its supervisor) about a message: overdue at the root of the tree. */
export interface UnitNotifier {
  /** Delivers a unit notification. */
  send(notification: { kind: string; unitId: string; messageId: string; params: Record<string, string>; idempotencyKey: string }): Promise<void>;
}

/** A suggestion as it leaves for the participation platform: no personal data. */
export interface OutgoingSuggestion {
  /** The message's tracking id. */
  id: string;
  /** Its system. */
  system: string;
  /** Its service. */
  serviceCode: string | null;
  /** The citizen's text. */
  description: string;
  /** The region. */
  region: string | null;
  /** The consent text version the citizen agreed to. */
  consentTextVersion: string;
  /** When the message was registered. */
  registeredAt: string;
}

/** Publishes consented suggestions on the participation platform. */
export interface ParticipationBridge {
  /** Publishes one suggestion; returns where it can be seen, if known. */
  publish(suggestion: OutgoingSuggestion, idempotencyKey: string): Promise<{ url: string | null }>;
}

/**
 * The adapters the worker delivers through. Citizen channels are plug-ins (`ServerOptions.channels`,
 * see `ChannelAdapter`); `sms` and `push` here are the same as `smsChannel(sender)` and `pushChannel(sender)`.
 */
export interface NotificationAdapters {
  /** SMS to citizens. */
  sms: SmsSender;
  /** Push to the citizen app. */
  push: PushSender;
  /** Webhooks to units. */
  unit: UnitNotifier;
  /** The participation platform. */
  participation: ParticipationBridge;
}

async function expectOk(response: Response, what: string): Promise<string> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${what} answered HTTP ${response.status}`);
  return body;
}

/**
 * SMS through an Iranian gateway's HTTPS API in Kavenegar's style:
 * `POST {baseUrl}/v1/{apiKey}/sms/send.json` with `receptor`, `sender`, `message`, `localid`;
 * the answer's `return.status` is 200 when accepted.
 */
export function kavenegarSms(options: { apiKey: string; sender?: string; baseUrl?: string }): SmsSender {
  const base = (options.baseUrl ?? 'https://api.kavenegar.com').replace(/\/$/, '');
  return {
    async send({ to, text, idempotencyKey, signal }) {
      const form = new URLSearchParams({ receptor: to.replace(/^\+98/, '0'), message: text, localid: idempotencyKey });
      if (options.sender) form.set('sender', options.sender);
      const response = await fetch(`${base}/v1/${encodeURIComponent(options.apiKey)}/sms/send.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: bounded(signal, 10_000),
      });
      const body = await expectOk(response, 'The SMS gateway');
      let status: unknown;
      try {
        status = (JSON.parse(body) as { return?: { status?: unknown } }).return?.status;
      } catch {
        status = undefined;
      }
      if (status !== 200) throw new Error(`The SMS gateway refused the message (status ${String(status)})`);
    },
  };
}

/** A request's signal: the caller's, bounded by `ms`. */
function bounded(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
}

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Unit notifications as an HTTP webhook: a JSON POST signed with HMAC-SHA256 in
 * `X-Payam-Signature` (`sha256=<hex>`), with the `Idempotency-Key` header.
 */
export function httpWebhook(options: { url: string; secret?: string }): UnitNotifier {
  return {
    async send(notification) {
      const body = JSON.stringify(notification);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': notification.idempotencyKey };
      if (options.secret) headers['x-payam-signature'] = sign(options.secret, body);
      await expectOk(await fetch(options.url, { method: 'POST', headers, body, signal: bounded(undefined, 10_000) }), 'The webhook');
    },
  };
}

/**
 * Web Push through `web-push`. `subscriptionOf` finds the push subscription a device id stands
 * for (the citizen app registers it); VAPID keys identify the sender. A device without a
 * subscription is `skipped`; a push service answering 404 or 410 (RFC 8030: the subscription
 * expired or was removed) gets the subscription removed through `removeSubscription`, and the
 * push is `skipped` too. Other failures throw, so the outbox retries.
 */
export function webPush(options: {
  vapid: { subject: string; publicKey: string; privateKey: string };
  subscriptionOf: (deviceId: string) => Promise<webpush.PushSubscription | null>;
  /** Forgets a device's subscription the push service no longer knows. */
  removeSubscription?: (deviceId: string) => Promise<void>;
  /** The HTTPS agent for the push services (a proxy, or a private CA). */
  agent?: Agent;
}): PushSender {
  return {
    async send({ deviceId, title, body, url, signal }) {
      const subscription = await options.subscriptionOf(deviceId);
      if (!subscription) return 'skipped';
      try {
        await untilAborted(
          webpush.sendNotification(subscription, JSON.stringify({ title, body, url }), { vapidDetails: options.vapid, TTL: 86_400, timeout: 10_000, ...(options.agent ? { agent: options.agent } : {}) }),
          signal ?? new AbortController().signal,
        );
      } catch (error) {
        const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
        if (status === 404 || status === 410) {
          await options.removeSubscription?.(deviceId);
          return 'skipped';
        }
        // The push service's status, never the endpoint (it identifies the device).
        throw new Error(status ? `The push service answered HTTP ${status}` : `The push service could not be reached (${(error as Error).name})`);
      }
      return 'delivered';
    },
  };
}

/**
 * The participation bridge as a signed webhook: the suggestion as JSON, signed with HMAC-SHA256
 * in `X-Payam-Signature`; the platform may answer `{ "url": "…" }` with the suggestion's page.
 */
export function signedWebhookBridge(options: { url: string; secret: string }): ParticipationBridge {
  return {
    async publish(suggestion, idempotencyKey) {
      const body = JSON.stringify(suggestion);
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, 'x-payam-signature': sign(options.secret, body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await expectOk(response, 'The participation platform');
      try {
        const url = (JSON.parse(text) as { url?: unknown }).url;
        return { url: typeof url === 'string' ? url : null };
      } catch {
        return { url: null };
      }
    },
  };
}

/** The participation bridge as the public feed only: a suggestion is published by appearing in `suggestions.json`. */
export function feedBridge(feedUrl: () => string): ParticipationBridge {
  return {
    async publish(suggestion) {
      return { url: `${feedUrl()}#${encodeURIComponent(suggestion.id)}` };
    },
  };
}

/**
 * Development adapters: log what would be sent, never a phone number or the text (it may hold a
 * link with the token). What they log is not delivered: a push here counts as skipped.
 */
export function devLog(log: Logger): Omit<NotificationAdapters, 'participation'> {
  return {
    sms: { send: async ({ idempotencyKey }) => log.info('sms (development log)', { idempotencyKey }) },
    push: {
      send: async ({ idempotencyKey }) => {
        log.info('push (development log)', { idempotencyKey });
        return 'skipped';
      },
    },
    unit: {
      send: async ({ kind, unitId, messageId, idempotencyKey }) => log.info('unit notification (development log)', { kind, unitId, messageId, idempotencyKey }),
    },
  };
}
