import type { LifecycleEffect, LifecycleEvent } from '@payam/core';

/** What an outbox row asks the worker to do: deliver a notification, publish a suggestion, or tell an app's webhook of a status change. */
export type OutboxKind = 'notification' | 'suggestion' | 'app_webhook';

/** Rows a transition writes, and the events it passes on to other messages. */
export interface EffectRows {
  /** Timeline rows. */
  timeline: { type: string; at: string; actor_role: string; visibility: string; text: string | null; data: Record<string, unknown> }[];
  /** Deadlines to schedule. */
  deadlines: { id: string; stage: string; due_at: string }[];
  /** Deadline ids to cancel. */
  cancelled: string[];
  /** Outbox rows: notifications and suggestions to publish. */
  outbox: { kind: OutboxKind; idempotency_key: string; payload: Record<string, unknown> }[];
  /** Events for other messages (duplicates), applied in the same transaction. */
  cascade: { messageId: string; event: LifecycleEvent }[];
}

/**
 * Where a CTE's rows come from: the name of one JSON array parameter (`$22`), read with
 * `jsonb_to_recordset`; or, for exactly one row, one parameter per column in column order, which
 * spares PostgreSQL parsing a document for a single row (a registration's one timeline entry and
 * one deadline); or, for one row per message of `m`, the columns of a relation joined to `m` by
 * message id, named with a prefix (`x.t_type`, `x.t_at`, …: several registrations written in one
 * statement).
 */
export type RowsParam = string | readonly string[] | RowsRelation;

/** One row per message of `m`, in the columns `prefix` + column name of `relation` (joined on `relation.id = m.id`). */
export interface RowsRelation {
  /** The relation's name in the statement (`x`). */
  relation: string;
  /** What its columns for these rows start with (`t_`). */
  prefix: string;
}

/** A timeline row's columns and their SQL types, in the order of one-parameter-per-column rows. */
export const TIMELINE_COLUMNS = [['type', 'text'], ['at', 'timestamptz'], ['actor_role', 'text'], ['visibility', 'text'], ['text', 'text'], ['data', 'jsonb']] as const;
/** A deadline row's columns and their SQL types, in the order of one-parameter-per-column rows. */
export const DEADLINE_COLUMNS = [['id', 'text'], ['stage', 'text'], ['due_at', 'timestamptz']] as const;

function isRelation(rows: RowsParam): rows is RowsRelation {
  return typeof rows === 'object' && 'relation' in rows;
}

/** The select list and the FROM items that read `rows` next to the CTE `m`. */
function rowsSource(rows: RowsParam, columns: readonly (readonly [string, string])[]): { values: Record<string, string>; from: string } {
  if (isRelation(rows)) {
    return {
      values: Object.fromEntries(columns.map(([name]) => [name, `${rows.relation}.${rows.prefix}${name}`])),
      from: `m JOIN ${rows.relation} ON ${rows.relation}.id = m.id`,
    };
  }
  if (typeof rows === 'string') {
    return {
      values: Object.fromEntries(columns.map(([name]) => [name, `r.${name}`])),
      from: `m, jsonb_to_recordset(${rows}::jsonb) AS r(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})`,
    };
  }
  if (rows.length !== columns.length) throw new Error(`Expected ${columns.length} row parameters, got ${rows.length}.`);
  return { values: Object.fromEntries(columns.map(([name, type], i) => [name, `${rows[i]}::${type}`])), from: 'm' };
}

/**
 * The common table expressions that write a transition's {@link EffectRows} for the message a
 * CTE named `m` returns: timeline, deadline and outbox rows (see {@link RowsParam}). `at` is the
 * parameter with the time outbox rows become due. Registration and later transitions share it,
 * so the rows are written the same way whatever wrote them. Without an `outbox` parameter the
 * outbox CTE is left out (a statement for transitions that publish nothing).
 */
export function effectRowsSql(params: { timeline: RowsParam; deadlines: RowsParam; outbox?: string; at: string }): string {
  const timeline = rowsSource(params.timeline, TIMELINE_COLUMNS);
  const t = timeline.values;
  const d = rowsSource(params.deadlines, DEADLINE_COLUMNS);
  const timelineAndDeadlines = `t AS (
  INSERT INTO timeline (message_id, type, at, actor_role, visibility, text, data)
  SELECT m.id, ${t.type}, ${t.at}, ${t.actor_role}, ${t.visibility}, ${t.text}, ${t.data}
  FROM ${timeline.from}
), d AS (
  INSERT INTO deadlines (id, message_id, stage, due_at)
  SELECT ${d.values.id}, m.id, ${d.values.stage}, ${d.values.due_at} FROM ${d.from}
  ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at
)`;
  if (params.outbox === undefined) return timelineAndDeadlines;
  return `${timelineAndDeadlines}, o AS (
  INSERT INTO outbox (kind, message_id, idempotency_key, payload, next_attempt_at)
  SELECT r.kind, m.id, r.idempotency_key, r.payload, ${params.at}::timestamptz
  FROM m, jsonb_to_recordset(${params.outbox}::jsonb) AS r(kind text, idempotency_key text, payload jsonb)
  ON CONFLICT (idempotency_key) DO NOTHING
)`;
}

/** The error for a case a `switch` over a closed list does not handle (the compiler proves there is none). */
export function unhandled(what: string, value: never): Error {
  const name = typeof value === 'object' && value !== null && 'type' in value ? String((value as { type: unknown }).type) : String(value);
  return new Error(`No handling for the ${what} "${name}".`);
}

/** Turns a transition's effects into the rows to write and the events for other messages. */
export function effectRows(effects: readonly LifecycleEffect[]): EffectRows {
  const rows: EffectRows = { timeline: [], deadlines: [], cancelled: [], outbox: [], cascade: [] };
  for (const effect of effects) {
    switch (effect.type) {
      case 'recordTimeline': {
        const e = effect.entry;
        rows.timeline.push({ type: e.type, at: e.at, actor_role: e.actorRole, visibility: e.visibility, text: e.text ?? null, data: e.data });
        break;
      }
      case 'scheduleDeadline':
        rows.deadlines.push({ id: effect.deadline.id, stage: effect.deadline.stage, due_at: effect.deadline.dueAt });
        break;
      case 'cancelDeadline':
        rows.cancelled.push(effect.deadlineId);
        break;
      case 'notify':
        rows.outbox.push({ kind: 'notification', idempotency_key: effect.intent.idempotencyKey, payload: { intent: effect.intent } });
        break;
      case 'publishSuggestion':
        rows.outbox.push({
          kind: 'suggestion',
          idempotency_key: `${effect.messageId}:publish_suggestion`,
          payload: { messageId: effect.messageId, consentTextVersion: effect.consentTextVersion },
        });
        break;
      case 'answerLinkedMessages':
        for (const messageId of effect.messageIds) {
          rows.cascade.push({ messageId, event: { type: 'FIRST_ANSWERED', answer: effect.answer, at: effect.answer.at } });
        }
        break;
      case 'linkToFirst':
        rows.cascade.push({ messageId: effect.firstMessageId, event: { type: 'DUPLICATE_LINKED', messageId: effect.messageId, at: '' } });
        break;
      case 'unlinkFromFirst':
        rows.cascade.push({ messageId: effect.firstMessageId, event: { type: 'DUPLICATE_UNLINKED', messageId: effect.messageId, at: '' } });
        break;
      default:
        // A new effect in core fails the type check here, and is never dropped silently.
        throw unhandled('effect', effect);
    }
  }
  return rows;
}
