import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Language } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { text } from './i18n.js';
import { problem } from './problems.js';

type OutboxEnv = { Variables: { lang: Language } };

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A dead letter as staff see it: what it was, why it failed, never the recipient. */
export interface DeadLetter {
  /** The outbox row. */
  id: number;
  /** `notification` or `suggestion`. */
  kind: string;
  /** What the notification was about (`feedback_invitation`, …), when it is one. */
  notification: string | null;
  /** The message it concerns. */
  messageId: string;
  /** Attempts made. */
  attempts: number;
  /** The last error (the gateway and its status). */
  lastError: string | null;
  /** What each channel did before it was given up. */
  outcome: Record<string, string>;
  /** When it was given up. */
  givenUpAt: string;
}

/**
 * Dead letters under `/outbox/dead-letters` of the staff API: notifications and suggestions given
 * up after too many attempts (`GET`, newest first), and `POST /outbox/dead-letters/{id}/retry` to
 * send one again. `authorize(c)` enforces the roles.
 */
export function outboxRoutes<E extends OutboxEnv>(app: Hono<E>, ctx: ServerContext, authorize: (c: Context<E>) => void): void {
  app.get('/outbox/dead-letters', async (c) => {
    authorize(c);
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) throw problem(400, text(c.get('lang'), 'badQuery'), { field: parsed.error.issues[0]?.path.map(String).join('.') ?? '' });
    const rows = await ctx.db.query<{ id: number | string; kind: string; message_id: string; attempts: number; last_error: string | null; outcome: unknown; payload: unknown; given_up_at: unknown }>(
      `SELECT id, kind, message_id, attempts, last_error, outcome, payload, given_up_at FROM outbox
       WHERE given_up_at IS NOT NULL AND sent_at IS NULL ORDER BY given_up_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [parsed.data.limit, parsed.data.offset],
    );
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
    const letters: DeadLetter[] = rows.map((r) => {
      const intent = parse(r.payload).intent as { kind?: string } | undefined;
      return {
        id: Number(r.id),
        kind: r.kind,
        notification: intent?.kind ?? null,
        messageId: r.message_id,
        attempts: r.attempts,
        lastError: r.last_error,
        outcome: parse(r.outcome ?? {}) as Record<string, string>,
        givenUpAt: toIso(r.given_up_at),
      };
    });
    return c.json(letters);
  });

  app.post('/outbox/dead-letters/:id/retry', async (c) => {
    authorize(c);
    const id = c.req.param('id');
    if (!/^\d{1,18}$/.test(id)) throw problem(404, text(c.get('lang'), 'notFound'));
    const rows = await ctx.db.query<{ id: number }>(
      `UPDATE outbox SET given_up_at = NULL, attempts = 0, next_attempt_at = $2::timestamptz
       WHERE id = $1 AND given_up_at IS NOT NULL AND sent_at IS NULL RETURNING id`,
      [id, ctx.now().toISOString()],
    );
    if (rows.length === 0) throw problem(404, text(c.get('lang'), 'notFound'));
    ctx.log.info('dead letter queued again', { outboxId: Number(id) });
    return c.body(null, 204);
  });
}
