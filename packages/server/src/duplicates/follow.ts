import { OPEN_STATUSES } from '@payam/core';
import { isPrivate } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { applyEvent, inTransaction, linkEvent } from '../engine/transitions.js';

/** Open and handled on their own: what a citizen may follow (a message joined to another is followed as that one). */
const FOLLOWABLE = new Set<string>(OPEN_STATUSES.filter((status) => status !== 'duplicate'));

/**
 * Whether a citizen registering in `system` may follow the message `id`: an open public message of
 * the same system, which is not confidential. A closed, private, unknown or other system's message
 * is refused alike, so the answer tells nothing of messages the citizen may not see.
 */
export async function mayFollow(ctx: ServerContext, system: string, id: string): Promise<boolean> {
  if (ctx.catalog.systems.get(system)?.confidential !== false) return false;
  const [row] = await ctx.db.query<{ system: string; service_code: string | null; private: boolean; public_status: string }>(
    'SELECT system, service_code, private, public_status FROM messages WHERE id = $1',
    [id],
  );
  if (!row || row.system !== system || row.private) return false;
  if (isPrivate(ctx.catalog, { system: row.system, serviceCode: row.service_code, private: row.private })) return false;
  return FOLLOWABLE.has(row.public_status);
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
