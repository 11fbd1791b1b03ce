import { keysOfWords } from '@payam/core';
import { splitMessageWords, wordsColumn } from './matching.js';
import type { Database } from '../db/database.js';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { applyEventToLocked, inTransaction, linkEvent, lockMessages, writeTransition } from '../engine/transitions.js';
import { pendingMatchRows, rankSimilar, type MatchRow } from './candidates.js';

/**
 * Links a message just registered to its open first message when their score reaches the system's
 * `linkAt`: the lifecycle's `LINK` by the system, in its own transaction, so the timeline says
 * "joined to message X" and the citizen gets that message's answer like everyone else. Returns the
 * first message's id, or `null` when nothing was linked. A failure here never fails the
 * registration: the message stays on its own, staff still see the suggestion, and it stays marked
 * `match_pending` for the worker to search again ({@link searchLeftBehind}).
 */
export async function linkOnRegistration(ctx: ServerContext, row: MatchRow): Promise<string | null> {
  return (await searchMessages(ctx, [row])).get(row.id) ?? null;
}

/**
 * The duplicate search of several messages, one after another, as {@link linkOnRegistration}
 * does it for one. A message linked has its `match_pending` mark cleared in the statement that
 * writes its link; the marks of the others are cleared together, in one statement, once all were
 * searched. Returns, for each message searched, the first message it was linked to or `null`; a
 * message whose search failed is left out and stays marked for the worker.
 */
export async function searchMessages(ctx: ServerContext, rows: readonly MatchRow[]): Promise<Map<string, string | null>> {
  const outcome = new Map<string, string | null>();
  const toClear: string[] = [];
  for (const row of rows) {
    try {
      const { linked, cleared } = await searchAndLink(ctx, row);
      outcome.set(row.id, linked);
      if (!cleared) toClear.push(row.id);
    } catch (error) {
      // Left pending: the worker searches it again later.
      ctx.log.error('duplicate search failed at registration', { messageId: row.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (toClear.length === 0) return outcome;
  try {
    // Searched: nobody searches them again.
    await ctx.db.query('UPDATE messages SET match_pending = false WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND match_pending', [JSON.stringify(toClear)]);
  } catch (error) {
    // Searched but still marked: the worker searches them once more, which links nothing new.
    ctx.log.error('duplicate searches ran but stay marked', { messages: toClear.length, error: error instanceof Error ? error.message : String(error) });
  }
  return outcome;
}

/**
 * The search itself: the best earlier message, and the link when it reaches `linkAt`. `cleared`
 * says whether the link's write cleared the message's mark already.
 */
async function searchAndLink(ctx: ServerContext, row: MatchRow): Promise<{ linked: string | null; cleared: boolean }> {
  const messageId = row.id;
  const none = { linked: null, cleared: false };
  if (row.first_message_id !== null) return none;
  const registeredAt = Date.parse(toIso(row.registered_at));
  const best = (await rankSimilar(ctx.db, ctx.catalog, row)).find(
    (found) => Date.parse(toIso(found.row.registered_at)) <= registeredAt,
  );
  if (!best || best.decision !== 'link') return none;
  let cleared = false;
  const result = await inTransaction(ctx, async (tx) => {
    cleared = false;
    const locked = await lockMessages(tx, [messageId, best.id]);
    return applyEventToLocked(
      ctx,
      tx,
      locked,
      messageId,
      (messages) => linkEvent(messages.get(best.id), best.id, 'system', ctx.now().toISOString()),
      // The link's own write clears the message's mark: no statement of its own.
      (write) => {
        const searched = write.id === messageId;
        if (searched) cleared = true;
        return writeTransition(tx, searched ? { ...write, searched } : write);
      },
    );
  });
  if (!result.ok) return { linked: null, cleared: false };
  ctx.log.info('duplicate linked at registration', { messageId, firstMessageId: best.id, score: best.score });
  return { linked: best.id, cleared };
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
  const rows = await pendingMatchRows(ctx.db, { before: new Date(ctx.now().getTime() - LEFT_BEHIND_AFTER_MS).toISOString() }, limit);
  let queued = 0;
  for (const row of rows) if (queue.add(row)) queued++;
  return queued;
}
