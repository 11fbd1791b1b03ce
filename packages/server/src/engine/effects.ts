import type { LifecycleEffect, LifecycleEvent } from '@payam/core';

/** Rows a transition writes, and the events it passes on to other messages. */
export interface EffectRows {
  /** Timeline rows. */
  timeline: { type: string; at: string; actor_role: string; visibility: string; text: string | null; data: Record<string, unknown> }[];
  /** Deadlines to schedule. */
  deadlines: { id: string; stage: string; due_at: string }[];
  /** Deadline ids to cancel. */
  cancelled: string[];
  /** Outbox rows: notifications and suggestions to publish. */
  outbox: { kind: 'notification' | 'suggestion'; idempotency_key: string; payload: Record<string, unknown> }[];
  /** Events for other messages (duplicates), applied in the same transaction. */
  cascade: { messageId: string; event: LifecycleEvent }[];
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
    }
  }
  return rows;
}
