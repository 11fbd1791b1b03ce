import { renderNotification, type NotificationIntent } from '@payam/core';
import { coreText } from '../texts.js';
import type { ServerContext } from './context.js';
import { toIso } from './context.js';
import { applyEvent, inTransaction } from './transitions.js';
import { openToken } from './secrets.js';
import { devLog, feedBridge, type NotificationAdapters } from '../notify/adapters.js';
import { localized } from '../http/views.js';

/** How the worker runs. */
export interface WorkerOptions {
  /** Milliseconds between runs; 0 never runs by itself (tests call `runOnce`). */
  intervalMs: number;
  /** Delivery adapters; missing ones fall back to the development log and the public feed. */
  adapters: Partial<NotificationAdapters>;
}

/** What one run did. */
export interface WorkerRun {
  /** Deadlines that fell due and were fed back to their messages. */
  deadlines: number;
  /** Outbox rows delivered. */
  delivered: number;
  /** Outbox rows that failed and will be retried. */
  failed: number;
}

const BATCH = 20;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 30;

/**
 * Drains due deadlines and the outbox. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any
 * number of server processes can share one PostgreSQL: each deadline fires once in effect and each
 * notification is delivered at least once (with its idempotency key, for the gateway to drop repeats).
 */
export class Worker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WorkerRun> | null = null;
  private readonly adapters: NotificationAdapters;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: WorkerOptions,
  ) {
    const dev = devLog(ctx.log);
    this.adapters = {
      sms: options.adapters.sms ?? dev.sms,
      push: options.adapters.push ?? dev.push,
      unit: options.adapters.unit ?? dev.unit,
      participation: options.adapters.participation ?? feedBridge(() => `${ctx.publicUrl}/open311/v2/suggestions.json`),
    };
  }

  /** Starts running every `intervalMs`. */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.runOnce()
        .catch((error: unknown) => this.ctx.log.error('worker run failed', { kind: (error as Error).name }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Runs once: due deadlines first (they may add notifications), then the outbox. */
  runOnce(): Promise<WorkerRun> {
    this.running ??= (async () => {
      try {
        const deadlines = await this.drainDeadlines();
        const { delivered, failed } = await this.drainOutbox();
        return { deadlines, delivered, failed };
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async drainDeadlines(): Promise<number> {
    let count = 0;
    // A deadline whose transition fails is left for the next run, and does not hold up the others.
    const skipped: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const now = this.ctx.now().toISOString();
      let claimed: string | null = null;
      try {
        const fired = await inTransaction(this.ctx, async (tx) => {
          const [due] = await tx.query<{ id: string; message_id: string; due_at: unknown }>(
            `SELECT id, message_id, due_at FROM deadlines
             WHERE due_at <= $1::timestamptz AND id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
             ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [now, JSON.stringify(skipped)],
          );
          if (!due) return false;
          claimed = due.id;
          // The event carries the deadline's own time: escalations are replayable and in order.
          await applyEvent(this.ctx, tx, due.message_id, { type: 'DEADLINE_ELAPSED', deadlineId: due.id, at: toIso(due.due_at) });
          await tx.query('DELETE FROM deadlines WHERE id = $1', [due.id]);
          return true;
        });
        if (!fired) break;
        count++;
      } catch (error) {
        if (claimed === null) throw error;
        skipped.push(claimed);
        this.ctx.log.error('deadline failed, will retry', { deadlineId: claimed, kind: (error as Error).name });
      }
    }
    return count;
  }

  private async drainOutbox(): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    for (let round = 0; round < 100; round++) {
      const now = this.ctx.now();
      const rows = await this.ctx.db.query<{ id: number; kind: string; message_id: string; idempotency_key: string; payload: unknown; attempts: number }>(
        `UPDATE outbox SET next_attempt_at = $2::timestamptz, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1::timestamptz ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, message_id, idempotency_key, payload, attempts`,
        [now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
        try {
          if (row.kind === 'notification') await this.deliverNotification(payload.intent as NotificationIntent);
          else if (row.kind === 'suggestion') await this.publishSuggestion(row.message_id, String(payload.consentTextVersion ?? ''), row.idempotency_key);
          await this.ctx.db.query('UPDATE outbox SET sent_at = $2::timestamptz, last_error = NULL WHERE id = $1', [row.id, this.ctx.now().toISOString()]);
          delivered++;
        } catch (error) {
          failed++;
          const backoff = Math.min(3_600_000, 2 ** Math.min(row.attempts, 12) * 1000);
          // After this many attempts (about a day of retries) a delivery is given up and left for staff to see.
          const givenUp = row.attempts >= MAX_ATTEMPTS;
          // Adapter errors name the gateway and its status, never the recipient.
          const reason = error instanceof Error ? error.message.slice(0, 300) : 'delivery failed';
          await this.ctx.db.query('UPDATE outbox SET next_attempt_at = $2::timestamptz, last_error = $3 WHERE id = $1', [
            row.id,
            givenUp ? 'infinity' : new Date(this.ctx.now().getTime() + backoff).toISOString(),
            givenUp ? `given up after ${row.attempts} attempts: ${reason}` : reason,
          ]);
          this.ctx.log.error('delivery failed, will retry', { outboxId: row.id, kind: row.kind, attempts: row.attempts });
        }
      }
    }
    return { delivered, failed };
  }

  private async deliverNotification(intent: NotificationIntent): Promise<void> {
    const { catalog } = this.ctx;
    if (intent.recipient.type === 'unit') {
      const unitId = intent.recipient.unitId;
      if (intent.channels.includes('webhook')) {
        await this.adapters.unit.send({ kind: intent.kind, unitId, messageId: intent.messageId, params: intent.params, idempotencyKey: intent.idempotencyKey });
      }
      return;
    }
    const [contact] = await this.ctx.db.query<{ phone: string | null; device_id: string | null; sealed_token: string | null; lang: 'fa' | 'en' }>(
      'SELECT c.phone, c.device_id, c.sealed_token, m.lang FROM messages m LEFT JOIN message_contacts c ON c.message_id = m.id WHERE m.id = $1',
      [intent.messageId],
    );
    if (!contact) return;
    const unitId = intent.params.toUnitId ?? intent.params.unitId;
    const unit = unitId ? catalog.units.get(unitId) : undefined;
    // The token travels in the fragment: browsers never send it to a server, so it reaches no access log.
    const token = contact.sealed_token ? openToken(contact.sealed_token, this.ctx.secretKey) : null;
    const link = `${this.ctx.publicUrl}/?request=${encodeURIComponent(intent.messageId)}${token ? `#token=${token}` : ''}`;
    const rendered = renderNotification(intent, {
      lang: contact.lang,
      trackingId: intent.messageId,
      link,
      ...(unit ? { unitName: localized(unit.name, contact.lang) } : {}),
      timeZone: catalog.settings.calendar.timeZone,
      text: (key, params) => coreText(contact.lang, key, params),
    });
    if (intent.channels.includes('sms') && contact.phone) {
      await this.adapters.sms.send({ to: contact.phone, text: rendered.sms, idempotencyKey: `${intent.idempotencyKey}:sms` });
    }
    if (intent.channels.includes('push') && contact.device_id) {
      await this.adapters.push.send({ deviceId: contact.device_id, title: rendered.title, body: rendered.body, url: link, idempotencyKey: `${intent.idempotencyKey}:push` });
    }
  }

  private async publishSuggestion(messageId: string, consentTextVersion: string, idempotencyKey: string): Promise<void> {
    const [row] = await this.ctx.db.query<{ id: string; system: string; service_code: string | null; description: string; region: string | null; registered_at: unknown }>(
      'SELECT id, system, service_code, description, region, registered_at FROM messages WHERE id = $1',
      [messageId],
    );
    if (!row) return;
    const { url } = await this.adapters.participation.publish(
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
