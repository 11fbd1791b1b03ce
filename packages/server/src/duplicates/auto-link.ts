import { keysOfWords } from '@payam/core';
import { splitMessageWords, wordsColumn } from './matching.js';
import type { Database } from '../db/database.js';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { applyEvent, inTransaction } from '../engine/transitions.js';
import { rankSimilar, type MatchRow } from './candidates.js';

/**
 * Links a message just registered to its open first message when their score reaches the system's
 * `linkAt`: the lifecycle's `LINK` by the system, in its own transaction, so the timeline says
 * "joined to message X" and the citizen gets that message's answer like everyone else. Returns the
 * first message's id, or `null` when nothing was linked. A failure here never fails the
 * registration: the message stays on its own, staff still see the suggestion, and it stays marked
 * `match_pending` for the worker to search again ({@link searchLeftBehind}).
 */
export async function linkOnRegistration(ctx: ServerContext, row: MatchRow): Promise<string | null> {
  const messageId = row.id;
  try {
    const linked = await searchAndLink(ctx, row);
    // Searched: nobody searches it again.
    await ctx.db.query('UPDATE messages SET match_pending = false WHERE id = $1 AND match_pending', [messageId]);
    return linked;
  } catch (error) {
    // Left pending: the worker searches it again later.
    ctx.log.error('duplicate search failed at registration', { messageId, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** The search itself: the best earlier message, and the link when it reaches `linkAt`. */
async function searchAndLink(ctx: ServerContext, row: MatchRow): Promise<string | null> {
  const messageId = row.id;
  if (row.first_message_id !== null) return null;
  const registeredAt = Date.parse(toIso(row.registered_at));
  const best = (await rankSimilar(ctx.db, ctx.catalog, row)).find(
    (found) => Date.parse(toIso(found.row.registered_at)) <= registeredAt,
  );
  if (!best || best.decision !== 'link') return null;
  const result = await inTransaction(ctx, (tx) =>
    applyEvent(
      ctx,
      tx,
      messageId,
      (locked) => {
        const first = locked.get(best.id);
        const context = first?.snapshot.context;
        return {
          type: 'LINK',
          actorRole: 'system',
          at: ctx.now().toISOString(),
          first: {
            messageId: best.id,
            closed: first?.snapshot.state === 'closed',
            firstMessageId: context?.firstMessageId ?? null,
            answer: context?.answer ?? null,
          },
        };
      },
      [best.id],
    ),
  );
  if (!result.ok) return null;
  ctx.log.info('duplicate linked at registration', { messageId, firstMessageId: best.id, score: best.score });
  return best.id;
}

/**
 * Writes the matching words and keys of messages stored before duplicate search kept them
 * (migration 020 writes their cells and groups, 021 adds the words), a few hundred at a time;
 * returns how many it wrote.
 */
export async function fillMatchingKeys(db: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.query<{ id: string; description: string; address: string | null }>(
      'SELECT id, description, address FROM messages WHERE match_keys IS NULL OR match_words IS NULL LIMIT 500',
    );
    if (rows.length === 0) return total;
    const columns = rows.map((r) => {
      const split = splitMessageWords(r);
      return { id: r.id, keys: keysOfWords(split.words), words: wordsColumn(split) };
    });
    await db.query(
      `UPDATE messages m SET match_keys = ARRAY(SELECT jsonb_array_elements_text(x.keys)), match_words = x.words
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, keys jsonb, words text) WHERE m.id = x.id`,
      [JSON.stringify(columns)],
    );
    total += rows.length;
  }
}

/** How long a message may wait for its search before the worker takes it as left behind. */
export const LEFT_BEHIND_AFTER_MS = 10 * 60_000;

/**
 * Queues the search of messages whose search never ran: registered more than
 * {@link LEFT_BEHIND_AFTER_MS} ago and still marked pending (the process that registered them
 * stopped first, its queue was full, or their search failed). At most `limit`, oldest first;
 * returns how many were queued. Two processes may queue the same message: the second search finds
 * it linked or links nothing new.
 */
export async function searchLeftBehind(ctx: ServerContext, queue: { add(row: MatchRow): boolean }, limit = 200): Promise<number> {
  if (ctx.autoLinkDuplicates === false) return 0;
  const rows = await ctx.db.query<MatchRow>(
    `SELECT id, system, service_code, description, address, lat, long, region, registered_at, unit_id, private,
       first_message_id, state, match_words
     FROM messages WHERE match_pending AND registered_at < $1::timestamptz ORDER BY registered_at LIMIT $2`,
    [new Date(ctx.now().getTime() - LEFT_BEHIND_AFTER_MS).toISOString(), limit],
  );
  let queued = 0;
  for (const row of rows) if (queue.add(row)) queued++;
  return queued;
}
