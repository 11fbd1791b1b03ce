import { publicStatusOf, readSnapshot, type LifecycleEvent, type LifecycleSnapshot, type Refusal } from '@payam/core';
import type { Queryable } from '../db/database.js';
import type { ServerContext } from './context.js';
import { effectRows, effectRowsSql } from './effects.js';
import { isPrivate } from '../access/index.js';
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

/** Locks messages in id order (so two transactions never wait on each other in a cycle) and loads them. */
export async function lockMessages(tx: Queryable, ids: readonly string[]): Promise<Map<string, LockedMessage>> {
  const sorted = [...new Set(ids)].sort();
  const rows = await tx.query<{ id: string; snapshot: unknown; region: string | null; private: boolean }>(
    'SELECT id, snapshot, region, private FROM messages WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id FOR UPDATE',
    [JSON.stringify(sorted)],
  );
  // A snapshot of an older format is upgraded here and stored in the current one by the next write.
  return new Map(rows.map((r) => [r.id, { id: r.id, region: r.region, private: r.private, snapshot: readSnapshot(r.snapshot) }]));
}

// The snapshot is stored as the document Node wrote (`json`); the columns queries filter and sort
// on come as their own parameters, so PostgreSQL never parses the document. A message only ever
// becomes private (reclassified into a private service), never public again.
const WRITE_TRANSITION = `
WITH m AS (
  UPDATE messages SET snapshot = $2::json, state = $9, public_status = $3, unit_id = $10,
    first_message_id = $11, updated_at = $4::timestamptz, service_code = COALESCE($12, service_code),
    suggestion_published_at = $13::timestamptz, suggestion_url = $14, private = private OR $15,
    match_group = CASE WHEN $12::text IS NULL THEN match_group ELSE $16 END
  WHERE id = $1 RETURNING id
), x AS (
  DELETE FROM deadlines WHERE id = ANY(SELECT jsonb_array_elements_text($5::jsonb))
), ${effectRowsSql({ timeline: '$6', deadlines: '$7', outbox: '$8', at: '$4' })}
SELECT id FROM m`;

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
  const locked = await lockMessages(tx, [messageId, ...lock]);
  const message = locked.get(messageId);
  if (!message) return { ok: false, refusal: null, missing: true };
  const first = typeof event === 'function' ? event(locked) : event;
  const queue: { messageId: string; event: LifecycleEvent; primary: boolean }[] = [{ messageId, event: first, primary: true }];
  let primaryResult: TransitionResult | null = null;
  const at = ctx.now().toISOString();
  for (let step = 0; step < queue.length && step < 10_000; step++) {
    const item = queue[step]!;
    let target = locked.get(item.messageId);
    if (!target) {
      const more = await lockMessages(tx, [item.messageId]);
      target = more.get(item.messageId);
      if (!target) continue;
      locked.set(target.id, target);
    }
    const timed = { ...item.event, at: item.event.at || at } as LifecycleEvent;
    const result = ctx.catalog.lifecycle.apply(target.snapshot, timed);
    if (!result.ok) {
      if (item.primary) return { ok: false, refusal: result.refusal };
      ctx.log.error('A linked message refused an event', { messageId: item.messageId, event: timed.type, refusal: result.refusal.code });
      continue;
    }
    if (item.primary) primaryResult = { ok: true, snapshot: result.snapshot, changed: result.changed };
    if (!result.changed) continue;
    target.snapshot = result.snapshot;
    target.private = isPrivate(ctx.catalog, { system: result.snapshot.context.system, serviceCode: result.snapshot.context.serviceCode, private: target.private });
    const rows = effectRows(result.effects);
    const { state, context } = result.snapshot;
    await tx.query(WRITE_TRANSITION, [
      target.id,
      JSON.stringify(result.snapshot),
      publicStatusOf(result.snapshot),
      timed.at,
      JSON.stringify(rows.cancelled),
      JSON.stringify(rows.timeline),
      JSON.stringify(rows.deadlines),
      JSON.stringify(rows.outbox),
      state,
      context.unitId,
      context.firstMessageId,
      context.serviceCode,
      context.suggestion?.publishedAt ?? null,
      context.suggestion?.url ?? null,
      target.private,
      serviceGroupOf(ctx.catalog, context.serviceCode),
    ]);
    for (const next of rows.cascade) queue.push({ ...next, primary: false });
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
