import { describe, expect, test } from 'vitest';
import { open311StatusOf, publicStatusOf, translate, type LifecycleEvent, type LifecycleSnapshot } from '../src/index.js';
import { accept, effectsOf, factsOf, HOUR, lifecycle, plus, refusalOf, referred, start, T0 } from './fixtures.js';

const operator = { actorRole: 'operator' as const };
const link = (first: LifecycleSnapshot, at = plus(T0, HOUR)): LifecycleEvent => ({ type: 'LINK', first: factsOf(first), at, ...operator });

/** A first message M1 (referred to roads-1) with M2 and M3 linked to it, as a host would do it. */
function firstWithTwoDuplicates() {
  let first = referred('roads-1');
  const linked: LifecycleSnapshot[] = [];
  for (const id of ['M2', 'M3']) {
    const result = accept(start({ messageId: id }).snapshot, link(first));
    expect(effectsOf(result.effects, 'linkToFirst')).toEqual([{ type: 'linkToFirst', firstMessageId: 'M1', messageId: id }]);
    linked.push(result.snapshot);
    first = accept(first, { type: 'DUPLICATE_LINKED', messageId: id, at: plus(T0, HOUR) }).snapshot;
  }
  return { first, linked };
}

describe('linking a duplicate', () => {
  test('the duplicate follows its first message: status "duplicate", no deadline of its own', () => {
    const first = referred('roads-1');
    const own = start({ messageId: 'M2' }).snapshot;
    const result = accept(own, link(first));
    expect(result.snapshot.state).toBe('linked');
    expect(result.snapshot.context.firstMessageId).toBe('M1');
    expect(result.snapshot.context.deadline).toBeNull();
    expect(effectsOf(result.effects, 'cancelDeadline')).toEqual([{ type: 'cancelDeadline', deadlineId: own.context.deadline?.id }]);
    expect(effectsOf(result.effects, 'scheduleDeadline')).toEqual([]);
    expect(effectsOf(result.effects, 'recordTimeline').map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'linked_as_duplicate', visibility: 'public', data: { firstMessageId: 'M1' } }),
    ]);
    expect(publicStatusOf(result.snapshot)).toBe('duplicate');
    expect(open311StatusOf(publicStatusOf(result.snapshot))).toBe('open');
    // A linked message still takes follow-ups and ignores stale timers.
    expect(accept(result.snapshot, { type: 'FOLLOW_UP', text: 'x', at: plus(T0, 2 * HOUR) }).snapshot.state).toBe('linked');
    expect(lifecycle.apply(result.snapshot, { type: 'DEADLINE_ELAPSED', deadlineId: own.context.deadline?.id ?? '', at: plus(T0, 9 * HOUR) })).toMatchObject({ changed: false });
  });

  test('never to itself', () => {
    const own = referred('roads-1');
    expect(refusalOf(lifecycle.apply(own, link(own)))).toBe('link_to_itself');
  });

  test('never to a closed message', () => {
    const answered = accept(referred('roads-1'), { type: 'ANSWER', text: 'x', at: T0, actorRole: 'handler' }).snapshot;
    const closed = accept(answered, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: T0 }).snapshot;
    expect(refusalOf(lifecycle.apply(start({ messageId: 'M2' }).snapshot, link(closed)))).toBe('link_to_closed');
  });

  test('never in a cycle or a chain', () => {
    const { first, linked } = firstWithTwoDuplicates();
    const m2 = linked[0] as LifecycleSnapshot;
    // M1 → M2 would close the cycle M2 → M1 → M2.
    const cycle = lifecycle.apply(first, link(m2));
    expect(refusalOf(cycle)).toBe('link_to_duplicate');
    if (!cycle.ok) expect(cycle.refusal.params.firstMessageId).toBe('M1');
    // A message with duplicates cannot become a duplicate itself.
    expect(refusalOf(lifecycle.apply(first, link(start({ messageId: 'M4' }).snapshot)))).toBe('link_has_duplicates');
    // A linked message must be unlinked before it is linked elsewhere.
    expect(refusalOf(lifecycle.apply(m2, link(start({ messageId: 'M4' }).snapshot)))).toBe('already_linked');
  });

  test('the first message knows how many are linked, and counts each once', () => {
    const { first } = firstWithTwoDuplicates();
    expect(first.context.linkedMessageIds).toEqual(['M2', 'M3']);
    const again = accept(first, { type: 'DUPLICATE_LINKED', messageId: 'M2', at: plus(T0, 2 * HOUR) });
    expect(again.snapshot.context.linkedMessageIds).toEqual(['M2', 'M3']);
    expect(again.effects).toEqual([]);
    const count = first.context.linkedMessageIds.length;
    expect(translate('fa', 'linked_count', { count })).toBe('۲ پیام مشابه به این پیام پیوسته‌اند');
    expect(translate('en', 'linked_count', { count })).toMatch(/^2 /);
  });

  test('the first message records each duplicate in its timeline with the count', () => {
    const first = referred('roads-1');
    const result = accept(first, { type: 'DUPLICATE_LINKED', messageId: 'M2', at: plus(T0, HOUR) });
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'duplicate_linked', data: { messageId: 'M2', linkedCount: 1 } });
  });
});

describe('answering the first message answers every linked message', () => {
  test('the first emits answerLinkedMessages; each linked message gets the same text, its own window and notification', () => {
    const { first, linked } = firstWithTwoDuplicates();
    const answeredAt = plus(T0, 3 * HOUR);
    const answered = accept(first, { type: 'ANSWER', text: 'آسفالت شد', at: answeredAt, actorRole: 'handler' });
    const [cascade] = effectsOf(answered.effects, 'answerLinkedMessages');
    expect(cascade).toEqual({
      type: 'answerLinkedMessages',
      firstMessageId: 'M1',
      messageIds: ['M2', 'M3'],
      answer: { kind: 'answered', text: 'آسفالت شد', at: answeredAt, fromFirstMessageId: null, unitId: 'roads-1' },
    });

    const keys = new Set(effectsOf(answered.effects, 'notify').map((e) => e.intent.idempotencyKey));
    for (const snapshot of linked) {
      const result = accept(snapshot, { type: 'FIRST_ANSWERED', answer: cascade!.answer, at: answeredAt });
      const id = snapshot.context.messageId;
      expect(result.snapshot.state).toBe('answered');
      expect(result.snapshot.context.answer).toEqual({ kind: 'answered', text: 'آسفالت شد', at: answeredAt, fromFirstMessageId: 'M1', unitId: 'roads-1' });
      expect(result.snapshot.context.feedbackWindow).toEqual(answered.snapshot.context.feedbackWindow);
      expect(result.snapshot.context.deadline).toMatchObject({ stage: 'feedback', id: `${id}/2` });
      const [notify] = effectsOf(result.effects, 'notify');
      expect(notify?.intent).toMatchObject({ kind: 'feedback_invitation', recipient: { type: 'citizen', messageId: id }, messageId: id });
      keys.add(notify?.intent.idempotencyKey ?? '');
      // A linked message does not cascade further.
      expect(effectsOf(result.effects, 'answerLinkedMessages')).toEqual([]);
      expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'answered', actorRole: 'system', text: 'آسفالت شد' });
      // Its own feedback, in its own window.
      expect(accept(result.snapshot, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: plus(answeredAt, HOUR) }).snapshot.state).toBe('closed');
    }
    expect(keys.size).toBe(3);
  });

  test('a rejection of the first makes each linked message not actionable, with its own window', () => {
    const { first, linked } = firstWithTwoDuplicates();
    const rejected = accept(first, { type: 'REJECT', text: 'در حوزه شهرداری نیست', at: plus(T0, 3 * HOUR), actorRole: 'handler' });
    const [cascade] = effectsOf(rejected.effects, 'answerLinkedMessages');
    expect(cascade?.answer.kind).toBe('rejected');
    for (const snapshot of linked) {
      const result = accept(snapshot, { type: 'FIRST_ANSWERED', answer: cascade!.answer, at: plus(T0, 3 * HOUR) });
      expect(result.snapshot.state).toBe('notActionable');
      expect(result.snapshot.context.feedbackWindow?.opensAt).toBe(plus(T0, 3 * HOUR));
    }
  });

  test('linking to a first message answered already answers the duplicate at once', () => {
    const first = accept(referred('roads-1'), { type: 'ANSWER', text: 'Done', at: T0, actorRole: 'handler' }).snapshot;
    const at = plus(T0, 5 * HOUR);
    const result = accept(start({ messageId: 'M2' }).snapshot, link(first, at));
    expect(result.snapshot.state).toBe('answered');
    expect(result.snapshot.context).toMatchObject({ firstMessageId: 'M1', answer: { text: 'Done', at, fromFirstMessageId: 'M1' } });
    expect(result.snapshot.context.feedbackWindow?.opensAt).toBe(at);
    expect(effectsOf(result.effects, 'linkToFirst')).toHaveLength(1);
    expect(effectsOf(result.effects, 'notify')).toHaveLength(1);
    // One deadline cancelled (triage), one scheduled (feedback): nothing twice.
    expect(effectsOf(result.effects, 'cancelDeadline')).toHaveLength(1);
    expect(effectsOf(result.effects, 'scheduleDeadline')).toHaveLength(1);
  });
});

describe('a duplicate reopened by its feedback', () => {
  const notResolved = (at: string) => ({ type: 'FEEDBACK' as const, resolved: 'no' as const, rating: 1, at });

  test('goes back to the unit that answered its first message, with a referral deadline there', () => {
    const { first, linked } = firstWithTwoDuplicates();
    expect(linked[0]?.context.unitId).toBe('intake-137');
    const answeredAt = plus(T0, 3 * HOUR);
    const answered = accept(first, { type: 'ANSWER', text: 'آسفالت شد', at: answeredAt, actorRole: 'handler' });
    const [cascade] = effectsOf(answered.effects, 'answerLinkedMessages');
    const duplicate = accept(linked[0]!, { type: 'FIRST_ANSWERED', answer: cascade!.answer, at: answeredAt }).snapshot;
    const reopened = accept(duplicate, notResolved(plus(answeredAt, HOUR)));
    expect(reopened.snapshot.state).toBe('reopened');
    expect(reopened.snapshot.context.unitId).toBe('roads-1');
    expect(reopened.snapshot.context.deadline).toMatchObject({ stage: 'referral', unitId: 'roads-1' });
    expect(effectsOf(reopened.effects, 'recordTimeline').map((e) => e.entry)).toContainEqual(
      expect.objectContaining({ type: 'reopened', data: { unitId: 'roads-1' } }),
    );
  });

  test('linked to a first message answered already, it also goes back to the unit that answered', () => {
    const first = accept(referred('district-2'), { type: 'ANSWER', text: 'Done', at: T0, actorRole: 'handler' }).snapshot;
    const duplicate = accept(start({ messageId: 'M2' }).snapshot, link(first, plus(T0, HOUR))).snapshot;
    const reopened = accept(duplicate, notResolved(plus(T0, 2 * HOUR))).snapshot;
    expect(reopened.context.unitId).toBe('district-2');
  });

  test('a message answered by its own unit reopens with that unit, as before', () => {
    const answered = accept(referred('roads-1'), { type: 'ANSWER', text: 'Done', at: T0, actorRole: 'handler' }).snapshot;
    expect(accept(answered, notResolved(plus(T0, HOUR))).snapshot.context.unitId).toBe('roads-1');
  });
});

describe('unlinking restores independent handling', () => {
  test('back to registration with a triage deadline when it was never referred', () => {
    const { first, linked } = firstWithTwoDuplicates();
    const at = plus(T0, 2 * HOUR);
    const result = accept(linked[0] as LifecycleSnapshot, { type: 'UNLINK', at, ...operator });
    expect(result.snapshot.state).toBe('registered');
    expect(result.snapshot.context.firstMessageId).toBeNull();
    expect(effectsOf(result.effects, 'unlinkFromFirst')).toEqual([{ type: 'unlinkFromFirst', firstMessageId: 'M1', messageId: 'M2' }]);
    expect(effectsOf(result.effects, 'scheduleDeadline')[0]?.deadline).toMatchObject({ stage: 'triage', unitId: 'intake-137' });
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'unlinked', data: { firstMessageId: 'M1' } });

    // The host tells the first message, which forgets it.
    const firstAfter = accept(first, { type: 'DUPLICATE_UNLINKED', messageId: 'M2', at });
    expect(firstAfter.snapshot.context.linkedMessageIds).toEqual(['M3']);
    expect(effectsOf(firstAfter.effects, 'recordTimeline')[0]?.entry.data).toMatchObject({ linkedCount: 1 });
    // Answering the first now reaches only M3…
    const answered = accept(firstAfter.snapshot, { type: 'ANSWER', text: 'x', at: plus(at, HOUR), actorRole: 'handler' });
    expect(effectsOf(answered.effects, 'answerLinkedMessages')[0]?.messageIds).toEqual(['M3']);
    // …and M2 is answered on its own.
    expect(accept(result.snapshot, { type: 'ANSWER', text: 'y', at: plus(at, HOUR), actorRole: 'handler' }).snapshot.state).toBe('answered');
  });

  test('back to the referred state with a referral deadline when it had been referred', () => {
    const first = referred('roads-1');
    const own = referred('district-2', { messageId: 'M2' });
    const linked = accept(own, link(first)).snapshot;
    const result = accept(linked, { type: 'UNLINK', at: plus(T0, 2 * HOUR), ...operator });
    expect(result.snapshot.state).toBe('referred');
    expect(result.snapshot.context.unitId).toBe('district-2');
    expect(effectsOf(result.effects, 'scheduleDeadline')[0]?.deadline).toMatchObject({ stage: 'referral', unitId: 'district-2' });
  });

  test('unlinking a message that is not linked is refused', () => {
    expect(refusalOf(lifecycle.apply(referred(), { type: 'UNLINK', at: T0, ...operator }))).toBe('not_linked');
  });
});
