import { publicStatusOf, readSnapshot, type LifecycleEvent, type LifecycleSnapshot, type Refusal } from '@payam/core';
import type { Queryable } from '../db/database.js';
import type { ServerContext } from './context.js';
import { effectRows, effectRowsSql, type EffectRows } from './effects.js';
import { TransitionBatch } from './transition-batch.js';
import { isPrivate } from '../access/index.js';
import { statusChangesSql } from '../webhooks/app-webhooks.js';
import { serviceGroupOf } from '../duplicates/matching.js';

/** A message row locked for a transition. */
export interface LockedMessage {
  /** The message id. */
  id: string;
  /** Its lifecycle snapshot. */
  snapshot: LifecycleSnapshot;
  /** Its region. */
  region: string | null;
  /** Whether it is private. */
  private: boolean;
}

/** The outcome of applying an event to a message. */
export type TransitionResult =
  | { ok: true; snapshot: LifecycleSnapshot; changed: boolean }
  | { ok: false; refusal: Refusal }
  | { ok: false; refusal: null; missing: true };

/**
 * Locks messages in id order (so two transactions never wait on each other in a cycle) and loads
 * them. With `skipLocked`, messages another transaction holds are left out instead of waited for.
 */
export async function lockMessages(tx: Queryable, ids: readonly string[], options: { skipLocked?: boolean } = {}): Promise<Map<string, LockedMessage>> {
  const sorted = [...new Set(ids)].sort();
  const rows = await tx.query<{ id: string; snapshot: unknown; region: string | null; private: boolean }>(
    `SELECT id, snapshot, region, private FROM messages WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id FOR UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''}`,
    [JSON.stringify(sorted)],
  );
  // A snapshot of an older format is upgraded here and stored in the current one by the next write.
  return new Map(rows.map((r) => [r.id, { id: r.id, region: r.region, private: r.private, snapshot: readSnapshot(r.snapshot) }]));
}

/** One transition of one message, ready to be written: its new columns and its effect rows. */
export interface TransitionWrite {
  /** The message id. */
  id: string;
  /** The new snapshot as JSON text. */
  snapshot: string;
  /** Its public status. */
  publicStatus: string;
  /** The transition's time (ISO 8601): the message's `updated_at` and when its outbox rows fall due. */
  at: string;
  /** Columns queries filter and sort on, taken from the snapshot. */
  state: string;
  unitId: string | null;
  firstMessageId: string | null;
  serviceCode: string | null;
  suggestionPublishedAt: string | null;
  suggestionUrl: string | null;
  /** Whether the message is private now (it never becomes public again). */
  private: boolean;
  /** Whether its public status changed (apps that registered it hear of it). */
  statusChanged: boolean;
  /** The service group duplicates are searched in (kept as it is when the service is unchanged). */
  matchGroup: string | null;
  /** Timeline, deadline and outbox rows, and deadlines cancelled. */
  rows: EffectRows;
  /**
   * Its duplicate search has run: `match_pending` is cleared in the same statement (read by
   * {@link writeTransition} only; the duplicate search's own link writes it).
   */
  searched?: boolean;
}

// The snapshot is stored as the document Node wrote (`json`); the columns queries filter and sort
// on come as their own parameters, so PostgreSQL never parses the document. A message only ever
// becomes private (reclassified into a private service), never public again.
const WRITE_TRANSITION = `
WITH m AS (
  UPDATE messages SET snapshot = $2::json, state = $9, public_status = $3, unit_id = $10,
    first_message_id = $11, updated_at = $4::timestamptz, service_code = COALESCE($12, service_code),
    suggestion_published_at = $13::timestamptz, suggestion_url = $14, private = private OR $15,
    match_group = CASE WHEN $12::text IS NULL THEN match_group ELSE $18 END,
    match_pending = match_pending AND NOT $19::boolean
  WHERE id = $1 RETURNING id
), x AS (
  DELETE FROM deadlines WHERE id = ANY(SELECT jsonb_array_elements_text($5::jsonb))
), ${effectRowsSql({ timeline: '$6', deadlines: '$7', outbox: '$8', at: '$4' })}, h AS (
  ${statusChangesSql('(SELECT m.id AS message_id, $3::text AS status, $17::text AS at FROM m WHERE $16::boolean) c')}
)
SELECT id FROM m`;

/** Writes one transition in one statement. */
export async function writeTransition(tx: Queryable, w: TransitionWrite): Promise<void> {
  await tx.query(WRITE_TRANSITION, [
    w.id,
    w.snapshot,
    w.publicStatus,
    w.at,
    JSON.stringify(w.rows.cancelled),
    JSON.stringify(w.rows.timeline),
    JSON.stringify(w.rows.deadlines),
    JSON.stringify(w.rows.outbox),
    w.state,
    w.unitId,
    w.firstMessageId,
    w.serviceCode,
    w.suggestionPublishedAt,
    w.suggestionUrl,
    w.private,
    w.statusChanged,
    w.at,
    w.matchGroup,
    w.searched === true,
  ]);
}

/**
 * The lifecycle's `LINK` of a message to the first message `firstId`, as that message stands
 * locked (`undefined`: not found; the lifecycle then refuses the link): by staff, by the duplicate
 * search, or for a citizen who follows it.
 */
export function linkEvent(first: LockedMessage | undefined, firstId: string, actorRole: Extract<LifecycleEvent, { type: 'LINK' }>['actorRole'], at: string): LifecycleEvent {
  const context = first?.snapshot.context;
  return {
    type: 'LINK',
    actorRole,
    at,
    first: { messageId: firstId, closed: first?.snapshot.state === 'closed', firstMessageId: context?.firstMessageId ?? null, answer: context?.answer ?? null },
  };
}

/**
 * Applies `event` to a message inside transaction `tx`: locks the message (and any message the
 * event names), runs the pure lifecycle, writes the snapshot, timeline, deadlines and outbox rows,
 * then applies the events it passes to linked messages (duplicates) in the same transaction.
 * `lock` names further messages to lock up front, in id order.
 */
export async function applyEvent(
  ctx: ServerContext,
  tx: Queryable,
  messageId: string,
  event: LifecycleEvent | ((locked: Map<string, LockedMessage>) => LifecycleEvent),
  lock: readonly string[] = [],
): Promise<TransitionResult> {
  return applyEventToLocked(ctx, tx, await lockMessages(tx, [messageId, ...lock]), messageId, event);
}

/** Transitions passed on by one event (an answer to a first message's duplicates) written per statement, and messages locked per statement. */
const CASCADE_BATCH = 500;

/**
 * {@link applyEvent} on messages this transaction has locked already (`locked`, which it keeps
 * up to date: several events in one transaction see each other's snapshots). Messages the
 * transition passes events to are locked as they come, those of one transition together.
 * `write` stores each transition; by default the event's own at once, and those it passes on
 * gathered, {@link CASCADE_BATCH} to a statement ({@link TransitionBatch}): an answer reaches
 * thousands of duplicates in a few statements instead of one each.
 */
export async function applyEventToLocked(
  ctx: ServerContext,
  tx: Queryable,
  locked: Map<string, LockedMessage>,
  messageId: string,
  event: LifecycleEvent | ((locked: Map<string, LockedMessage>) => LifecycleEvent),
  write?: (transition: TransitionWrite) => Promise<void>,
): Promise<TransitionResult> {
  const cascaded = write ? null : new TransitionBatch(tx);
  const result = await applyAndPassOn(ctx, tx, locked, messageId, event, async (transition, primary) => {
    if (write) return write(transition);
    if (primary) return writeTransition(tx, transition);
    await cascaded!.write(transition);
    if (cascaded!.size >= CASCADE_BATCH) await cascaded!.flush();
  });
  await cascaded?.flush();
  return result;
}

/** The event's own transition and those it passes on, each stored by `write` (told which is the event's own). */
async function applyAndPassOn(
  ctx: ServerContext,
  tx: Queryable,
  locked: Map<string, LockedMessage>,
  messageId: string,
  event: LifecycleEvent | ((locked: Map<string, LockedMessage>) => LifecycleEvent),
  write: (transition: TransitionWrite, primary: boolean) => Promise<void>,
): Promise<TransitionResult> {
  const message = locked.get(messageId);
  if (!message) return { ok: false, refusal: null, missing: true };
  const first = typeof event === 'function' ? event(locked) : event;
  const queue: { messageId: string; event: LifecycleEvent; primary: boolean }[] = [{ messageId, event: first, primary: true }];
  let primaryResult: TransitionResult | null = null;
  const at = ctx.now().toISOString();
  // Each message takes each event once: what guards against a cascade that never ends, without a
  // cap on the steps (an answer reaches every duplicate of its first message, however many).
  const passed = new Set<string>();
  for (let step = 0; step < queue.length; step++) {
    const item = queue[step]!;
    const once = `${item.messageId}\u0000${item.event.type}\u0000${'messageId' in item.event ? item.event.messageId : ''}`;
    if (passed.has(once)) continue;
    passed.add(once);
    // Every message passed on to was locked with the others of its transition (below): one not
    // found then is gone.
    const target = locked.get(item.messageId);
    if (!target) continue;
    const timed = { ...item.event, at: item.event.at || at } as LifecycleEvent;
    const result = ctx.catalog.lifecycle.apply(target.snapshot, timed);
    if (!result.ok) {
      if (item.primary) return { ok: false, refusal: result.refusal };
      ctx.log.error('A linked message refused an event', { messageId: item.messageId, event: timed.type, refusal: result.refusal.code });
      continue;
    }
    if (item.primary) primaryResult = { ok: true, snapshot: result.snapshot, changed: result.changed };
    if (!result.changed) continue;
    const statusBefore = publicStatusOf(target.snapshot);
    target.snapshot = result.snapshot;
    target.private = isPrivate(ctx.catalog, { system: result.snapshot.context.system, serviceCode: result.snapshot.context.serviceCode, private: target.private });
    const rows = effectRows(result.effects);
    const { state, context } = result.snapshot;
    const status = publicStatusOf(result.snapshot);
    const transition: TransitionWrite = {
      id: target.id,
      snapshot: JSON.stringify(result.snapshot),
      publicStatus: status,
      at: timed.at,
      state,
      unitId: context.unitId,
      firstMessageId: context.firstMessageId,
      serviceCode: context.serviceCode,
      suggestionPublishedAt: context.suggestion?.publishedAt ?? null,
      suggestionUrl: context.suggestion?.url ?? null,
      private: target.private,
      // Apps that registered the message hear of each change of its public status through the outbox.
      statusChanged: status !== statusBefore,
      matchGroup: serviceGroupOf(ctx.catalog, context.serviceCode),
      rows,
    };
    await write(transition, item.primary);
    for (const next of rows.cascade) queue.push({ messageId: next.messageId, event: next.event, primary: false });
    // The messages passed on to, locked together (in id order, as lockMessages takes them).
    const unlocked = [...new Set(rows.cascade.map((next) => next.messageId))].filter((id) => !locked.has(id));
    for (let i = 0; i < unlocked.length; i += CASCADE_BATCH) {
      for (const [id, row] of await lockMessages(tx, unlocked.slice(i, i + CASCADE_BATCH))) locked.set(id, row);
    }
  }
  return primaryResult ?? { ok: false, refusal: null, missing: true };
}

/** Runs `work` in a transaction, retrying a few times when PostgreSQL reports a deadlock or a serialization failure. */
export async function inTransaction<T>(ctx: ServerContext, work: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt < 3 && (code === '40P01' || code === '40001')) continue;
      throw error;
    }
  }
}
