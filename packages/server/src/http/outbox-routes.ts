import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Language } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import { serve } from './route.js';
import { staffApi, type DeadLetter } from './staff-api.js';

export type { DeadLetter } from './staff-api.js';

type OutboxEnv = { Variables: { lang: Language } };

/**
 * Dead letters under `/outbox/dead-letters` of the staff API: notifications and suggestions given
 * up after too many attempts (`GET`, newest first), and `POST /outbox/dead-letters/{id}/retry` to
 * send one again. `authorize(c)` enforces the roles.
 */
export function outboxRoutes<E extends OutboxEnv>(app: Hono<E>, ctx: ServerContext, authorize: (c: Context<E>) => void): void {
  const authorized: { before: MiddlewareHandler<E>[] } = {
    before: [
      async (c, next) => {
        authorize(c);
        await next();
      },
    ],
  };
  serve(app, staffApi.deadLetters, async (c, { query }) => {
    const rows = await ctx.db.query<{ id: number | string; kind: string; message_id: string; attempts: number; last_error: string | null; outcome: unknown; payload: unknown; given_up_at: unknown }>(
      `SELECT id, kind, message_id, attempts, last_error, outcome, payload, given_up_at FROM outbox
       WHERE given_up_at IS NOT NULL AND sent_at IS NULL ORDER BY given_up_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [query.limit, query.offset],
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
  }, authorized);

  serve(app, staffApi.retryDeadLetter, async (c, { params: { id } }) => {
    const rows = await ctx.db.query<{ id: number }>(
      `UPDATE outbox SET given_up_at = NULL, attempts = 0, next_attempt_at = $2::timestamptz
       WHERE id = $1 AND given_up_at IS NOT NULL AND sent_at IS NULL RETURNING id`,
      [id, ctx.now().toISOString()],
    );
    if (rows.length === 0) throw problem(404, text(c.get('lang'), 'notFound'));
    ctx.log.info('dead letter queued again', { outboxId: Number(id) });
    return c.body(null, 204);
  }, authorized);
}
