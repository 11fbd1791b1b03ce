import type { ServerContext } from '../engine/context.js';
import { applyEvent, inTransaction, linkEvent } from '../engine/transitions.js';
import { isOfferable, type OfferedRow } from './similar-draft.js';

/**
 * Whether a citizen registering in `system` may follow the message `id`: an open public message of
 * the same system, which is not confidential. A closed, private, unknown or other system's message
 * is refused alike, so the answer tells nothing of messages the citizen may not see.
 */
export async function mayFollow(ctx: ServerContext, system: string, id: string): Promise<boolean> {
  if (ctx.catalog.systems.get(system)?.confidential !== false) return false;
  const [row] = await ctx.db.query<OfferedRow>('SELECT system, service_code, private, public_status FROM messages WHERE id = $1', [id]);
  return row !== undefined && isOfferable(ctx.catalog, system, row);
}

/**
 * Joins a message registered to follow `followed`, also when its registration is a replay: a
 * process may have stopped between writing the message and joining it, and the client's retry
 * (same Idempotency-Key) finishes the work. A replay leaves alone a message already joined
 * (the lifecycle refuses a second `LINK`) or one staff have unlinked since. Returns whether it
 * was joined now.
 */
export async function joinFollowed(ctx: ServerContext, messageId: string, followed: string, replayed: boolean): Promise<boolean> {
  if (replayed) {
    const [state] = await ctx.db.query<{ first_message_id: string | null; unlinked: boolean }>(
      `SELECT m.first_message_id, EXISTS (SELECT 1 FROM timeline t WHERE t.message_id = m.id AND t.type = 'unlinked') AS unlinked
       FROM messages m WHERE m.id = $1`,
      [messageId],
    );
    if (!state || state.first_message_id !== null || state.unlinked) return false;
  }
  return linkToFollowed(ctx, messageId, followed);
}

/**
 * Joins a message just registered to the message its citizen chose to follow: the lifecycle's
 * `LINK`, as the duplicate search does, so the citizen gets that message's answer and their own
 * feedback window. Returns whether it was linked (the followed message may have closed meanwhile).
 */
export async function linkToFollowed(ctx: ServerContext, messageId: string, followed: string): Promise<boolean> {
  const result = await inTransaction(ctx, (tx) =>
    applyEvent(
      ctx,
      tx,
      messageId,
      (locked) => linkEvent(locked.get(followed), followed, 'system', ctx.now().toISOString()),
      [followed],
    ),
  );
  if (result.ok) ctx.log.info('message joined to the message its citizen follows', { messageId, firstMessageId: followed });
  return result.ok;
}
