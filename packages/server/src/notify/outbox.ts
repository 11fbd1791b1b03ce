import { renderNotification, type CitizenChannel, type NotificationIntent } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { applyEvent, inTransaction } from '../engine/transitions.js';
import { openToken } from '../engine/secrets.js';
import { unhandled, type OutboxKind } from '../engine/effects.js';
import { isPrivate } from '../access/index.js';
import { coreText } from '../texts.js';
import { deliverStatusChange } from '../webhooks/app-webhooks.js';
import { localized } from '../http/views.js';
import type { NotificationAdapters } from './adapters.js';
import type { ChannelAdapter, Delivery } from './channels.js';

/** How the outbox is drained. */
export interface OutboxOptions {
  /** Citizen channels by name (see `channelRegistry`). */
  channels: ReadonlyMap<CitizenChannel, ChannelAdapter>;
  /** Unit webhooks and the participation platform. */
  adapters: Pick<NotificationAdapters, 'unit' | 'participation'>;
  /**
   * How long a claimed row belongs to its sender, in ms (default 120 000). A row's deliveries are
   * aborted at 80 % of it, so no second sender takes the row while the first may still be sending.
   */
  leaseMs?: number;
  /** Attempts before a row is given up and shown to staff as a dead letter (default 30: backoff doubles up to an hour, so about a day). */
  maxAttempts?: number;
  /** Told what each row's channels did (for metrics). */
  onOutcome?: (outcome: { kind: string; channel: string; result: Delivery | 'failed' | 'given_up' }) => void;
}

/** What one drain did, counted by row. */
export interface OutboxRun {
  /** Rows delivered by at least one channel. */
  delivered: number;
  /** Rows done with nothing delivered: no channel could reach the recipient. */
  skipped: number;
  /** Rows that failed and will be retried. */
  failed: number;
  /** Rows given up after too many attempts (dead letters). */
  givenUp: number;
}

interface Row {
  id: number;
  kind: string;
  message_id: string;
  idempotency_key: string;
  payload: unknown;
  attempts: number;
  outcome: unknown;
}

type Outcome = Record<string, Delivery>;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Sends the outbox: notifications through the channel plug-ins, unit webhooks, suggestions to the
 * participation platform. Each row is claimed alone (`FOR UPDATE SKIP LOCKED`, then a lease),
 * so any number of processes can share one PostgreSQL and a row is never handed to a second
 * sender while the first may still be sending. What each channel did is kept on the row: a retry
 * sends only the channels still owed. Delivery is at least once, with an idempotency key per
 * notification and channel for the receiver to drop a repeat.
 */
export class OutboxSender {
  private readonly leaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: OutboxOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxAttempts = options.maxAttempts ?? 30;
  }

  /** Sends every row that is due, one at a time, until none is left (or `limit` rows). */
  async drain(limit = 2_000): Promise<OutboxRun> {
    const run: OutboxRun = { delivered: 0, skipped: 0, failed: 0, givenUp: 0 };
    for (let i = 0; i < limit; i++) {
      const row = await this.claim();
      if (!row) break;
      await this.send(row, run);
    }
    return run;
  }

  private async claim(): Promise<Row | null> {
    const now = this.ctx.now();
    const [row] = await this.ctx.db.query<Row>(
      `UPDATE outbox SET next_attempt_at = $2::timestamptz, attempts = attempts + 1
       WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1::timestamptz ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, message_id, idempotency_key, payload, attempts, outcome`,
      [now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString()],
    );
    return row ?? null;
  }

  private async send(row: Row, run: OutboxRun): Promise<void> {
    const outcome: Outcome = { ...json<Outcome>(row.outcome ?? {}) };
    const signal = AbortSignal.timeout(Math.floor(this.leaseMs * 0.8));
    try {
      const payload = json<Record<string, unknown>>(row.payload);
      const kind = row.kind as OutboxKind;
      switch (kind) {
        case 'notification':
          await this.deliverNotification(payload.intent as NotificationIntent, outcome, signal);
          break;
        case 'app_webhook':
          if (!outcome.app_webhook) outcome.app_webhook = await deliverStatusChange(this.ctx, { messageId: row.message_id, idempotencyKey: row.idempotency_key, payload }, signal);
          break;
        case 'suggestion':
          await this.publishSuggestion(row.message_id, String(payload.consentTextVersion ?? ''), row.idempotency_key);
          outcome.participation = 'delivered';
          break;
        default:
          // A row of a kind this server does not know is retried and kept, never marked sent.
          throw unhandled('outbox kind', kind);
      }
      await this.ctx.db.query('UPDATE outbox SET sent_at = $2::timestamptz, last_error = NULL, outcome = $3::jsonb WHERE id = $1', [row.id, this.ctx.now().toISOString(), JSON.stringify(outcome)]);
      for (const [channel, result] of Object.entries(outcome)) this.options.onOutcome?.({ kind: row.kind, channel, result });
      if (Object.values(outcome).includes('delivered')) run.delivered++;
      else run.skipped++;
    } catch (error) {
      const givenUp = row.attempts >= this.maxAttempts;
      const backoff = Math.min(3_600_000, 2 ** Math.min(row.attempts, 12) * 1000);
      // Adapter errors name the gateway and its status, never the recipient.
      const reason = error instanceof Error ? error.message.slice(0, 300) : 'delivery failed';
      await this.ctx.db.query(
        `UPDATE outbox SET next_attempt_at = $2::timestamptz, last_error = $3, outcome = $4::jsonb, given_up_at = $5::timestamptz WHERE id = $1`,
        [row.id, givenUp ? 'infinity' : new Date(this.ctx.now().getTime() + backoff).toISOString(), givenUp ? `given up after ${row.attempts} attempts: ${reason}` : reason, JSON.stringify(outcome), givenUp ? this.ctx.now().toISOString() : null],
      );
      this.options.onOutcome?.({ kind: row.kind, channel: 'any', result: givenUp ? 'given_up' : 'failed' });
      if (givenUp) run.givenUp++;
      else run.failed++;
      this.ctx.log.error(givenUp ? 'delivery given up' : 'delivery failed, will retry', { outboxId: row.id, kind: row.kind, attempts: row.attempts });
    }
  }

  private async deliverNotification(intent: NotificationIntent, outcome: Outcome, signal: AbortSignal): Promise<void> {
    const { catalog } = this.ctx;
    if (intent.recipient.type === 'unit') {
      if (intent.channels.includes('webhook') && !outcome.webhook) {
        const unitId = intent.recipient.unitId;
        await this.options.adapters.unit.send({ kind: intent.kind, unitId, messageId: intent.messageId, params: intent.params, idempotencyKey: intent.idempotencyKey });
        outcome.webhook = 'delivered';
      }
      return;
    }
    const [contact] = await this.ctx.db.query<{ phone: string | null; device_id: string | null; email: string | null; sealed_token: string | null; lang: 'fa' | 'en'; system: string }>(
      'SELECT c.phone, c.device_id, c.email, c.sealed_token, m.lang, m.system FROM messages m LEFT JOIN message_contacts c ON c.message_id = m.id WHERE m.id = $1',
      [intent.messageId],
    );
    if (!contact) return;
    // Push goes to the device the registration named, or else to the message's own subscriptions.
    const to: Record<CitizenChannel, string | null> = { sms: contact.phone, push: contact.device_id ?? intent.messageId, email: contact.email };
    const unitId = intent.params.toUnitId ?? intent.params.unitId;
    const unit = unitId ? catalog.units.get(unitId) : undefined;
    // The token travels in the fragment: browsers never send it to a server, so it reaches no access log.
    const token = contact.sealed_token ? openToken(contact.sealed_token, this.ctx.secretKey) : null;
    const link = this.ctx.address.trackingLink(contact.system, intent.messageId, token);
    const text = renderNotification(intent, {
      lang: contact.lang,
      trackingId: intent.messageId,
      link,
      ...(unit ? { unitName: localized(unit.name, contact.lang) } : {}),
      timeZone: catalog.settings.calendar.timeZone,
      text: (key, params) => coreText(contact.lang, key, params),
    });
    for (const channel of intent.channels) {
      if (channel === 'webhook' || outcome[channel]) continue;
      const address = to[channel];
      const adapter = this.options.channels.get(channel);
      if (!address || !adapter) {
        outcome[channel] = 'skipped';
        continue;
      }
      outcome[channel] = await adapter.deliver({ to: address, messageId: intent.messageId, lang: contact.lang, text, link, idempotencyKey: `${intent.idempotencyKey}:${channel}`, signal });
    }
  }

  private async publishSuggestion(messageId: string, consentTextVersion: string, idempotencyKey: string): Promise<void> {
    const [row] = await this.ctx.db.query<{ id: string; system: string; service_code: string | null; description: string; region: string | null; registered_at: unknown; private: boolean }>(
      'SELECT id, system, service_code, description, region, registered_at, private FROM messages WHERE id = $1',
      [messageId],
    );
    // A message made private before its suggestion left (reclassified) is never published.
    if (!row || isPrivate(this.ctx.catalog, { system: row.system, serviceCode: row.service_code, private: row.private })) return;
    const { url } = await this.options.adapters.participation.publish(
      {
        id: row.id,
        system: row.system,
        serviceCode: row.service_code,
        description: row.description,
        region: row.region,
        consentTextVersion,
        registeredAt: toIso(row.registered_at),
      },
      idempotencyKey,
    );
    await inTransaction(this.ctx, (tx) =>
      applyEvent(this.ctx, tx, messageId, { type: 'SUGGESTION_PUBLISHED', at: this.ctx.now().toISOString(), ...(url ? { url } : {}) }),
    );
  }
}
