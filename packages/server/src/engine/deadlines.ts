import type { Queryable } from '../db/database.js';
import type { ServerContext } from './context.js';
import { toIso } from './context.js';
import { TransitionBatch } from './transition-batch.js';
import { applyEventToLocked, inTransaction, lockMessages } from './transitions.js';

/** How many due deadlines one transaction claims and applies by default. */
export const DEADLINE_BATCH = 200;

/** What one batch did. */
interface BatchOutcome {
  /** Deadlines claimed (0: nothing more is due for this run). */
  claimed: number;
  /** Deadlines fed back to their messages (a stale one changes nothing, and is gone all the same). */
  applied: number;
  /** Deadlines whose message another transaction holds: left for the next run. */
  busy: string[];
}

const CLAIM_DUE = `
SELECT id, message_id, due_at FROM deadlines
WHERE due_at <= $1::timestamptz AND id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`;

/**
 * Claims up to `size` due deadlines (not in `passed`) and applies them in transaction `tx`. The
 * deadlines are claimed with `FOR UPDATE SKIP LOCKED` and their messages locked without waiting,
 * in id order, so processes side by side take different rows and never wait on each other; a
 * deadline whose message is busy elsewhere is handed back. The claimed deadlines are deleted
 * before their events run, so a deadline a transition schedules anew is kept; the transitions are
 * written together in one statement ({@link TransitionBatch}).
 */
async function applyBatch(ctx: ServerContext, tx: Queryable, size: number, passed: readonly string[], onClaim: (ids: string[]) => void): Promise<BatchOutcome> {
  const due = await tx.query<{ id: string; message_id: string; due_at: unknown }>(CLAIM_DUE, [ctx.now().toISOString(), JSON.stringify(passed), size]);
  onClaim(due.map((d) => d.id));
  if (due.length === 0) return { claimed: 0, applied: 0, busy: [] };
  const locked = await lockMessages(tx, due.map((d) => d.message_id), { skipLocked: true });
  const unlocked = due.filter((d) => !locked.has(d.message_id)).map((d) => d.message_id);
  // A message that was not locked is busy, or gone (then its deadline is dropped with the others).
  const existing = unlocked.length === 0 ? [] : await tx.query<{ id: string }>('SELECT id FROM messages WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(unlocked)]);
  const busyMessages = new Set(existing.map((m) => m.id));
  const mine = due.filter((d) => !busyMessages.has(d.message_id));
  await tx.query('DELETE FROM deadlines WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(mine.map((d) => d.id))]);
  const batch = new TransitionBatch(tx);
  for (const deadline of mine) {
    // The event carries the deadline's own time: escalations are replayable and in order.
    const event = { type: 'DEADLINE_ELAPSED', deadlineId: deadline.id, at: toIso(deadline.due_at) } as const;
    await applyEventToLocked(ctx, tx, locked, deadline.message_id, event, batch.write);
  }
  await batch.flush();
  return { claimed: due.length, applied: mine.length, busy: due.filter((d) => busyMessages.has(d.message_id)).map((d) => d.id) };
}

/** What one drain did. */
export interface DeadlineDrain {
  /** Deadlines fed back to their messages. */
  applied: number;
  /** Deadlines whose transition failed: left for the next run. */
  failed: number;
}

/**
 * Feeds the due deadlines back to their messages, a batch of `batchSize` per transaction. Claiming, deleting and applying a batch is one transaction, so a crash
 * or an error rolls the whole batch back and every deadline is applied exactly once. A batch that
 * fails is retried one deadline at a time; a deadline that fails alone is left for the next run
 * and does not hold up the others.
 */
export async function drainDeadlines(ctx: ServerContext, batchSize = DEADLINE_BATCH): Promise<DeadlineDrain> {
  let applied = 0;
  let failed = 0;
  // Deadlines this run passes over: failed alone, or their message busy in another transaction.
  const passed: string[] = [];
  let oneByOne = 0;
  for (let i = 0; i < 1_000_000; i++) {
    let claimed: string[] = [];
    try {
      const size = oneByOne > 0 ? 1 : batchSize;
      const outcome = await inTransaction(ctx, (tx) => applyBatch(ctx, tx, size, passed, (ids) => (claimed = ids)));
      if (outcome.claimed === 0) break;
      applied += outcome.applied;
      passed.push(...outcome.busy);
      if (oneByOne > 0) oneByOne--;
    } catch (error) {
      if (claimed.length === 0) throw error;
      if (claimed.length > 1) {
        oneByOne = claimed.length;
        continue;
      }
      passed.push(claimed[0]!);
      failed++;
      ctx.log.error('deadline failed, will retry', { deadlineId: claimed[0]!, kind: (error as Error).name });
    }
  }
  return { applied, failed };
}
