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
