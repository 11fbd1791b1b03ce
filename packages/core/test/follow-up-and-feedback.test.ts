import { describe, expect, test } from 'vitest';
import { createLifecycle, feedbackPolicySchema, translate, type LifecycleSnapshot } from '../src/index.js';
import { accept, answered, DAY, effectsOf, env, HOUR, lifecycle, plus, refusalOf, referred, start, T0 } from './fixtures.js';

const feedbackAt = (at: string, resolved: 'yes' | 'partly' | 'no' = 'yes') => ({ type: 'FEEDBACK' as const, resolved, rating: 4, at });
const followUpAt = (at: string) => ({ type: 'FOLLOW_UP' as const, text: 'هنوز درست نشده', at });

function windowOf(snapshot: LifecycleSnapshot) {
  const w = snapshot.context.feedbackWindow;
  if (!w) throw new Error('no feedback window');
  return w;
}

describe('follow-ups come before the answer', () => {
  test.each([
    ['registered', () => start().snapshot],
    ['triage', () => accept(start().snapshot, { type: 'TAKE_FOR_TRIAGE', at: T0, actorRole: 'operator' }).snapshot],
    ['referred', () => referred()],
    ['inProgress', () => accept(referred(), { type: 'START', at: T0, actorRole: 'handler' }).snapshot],
  ])('accepted while %s, as a public timeline entry, state unchanged', (state, make) => {
    const before = make();
    expect(before.state).toBe(state);
    const result = accept(before, followUpAt(plus(T0, HOUR)));
    expect(result.snapshot.state).toBe(state);
    expect(result.snapshot.context.followUps).toBe(1);
    expect(effectsOf(result.effects, 'recordTimeline').map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'follow_up', actorRole: 'citizen', visibility: 'public', text: 'هنوز درست نشده' }),
    ]);
    // A follow-up does not move the deadline.
    expect(effectsOf(result.effects, 'scheduleDeadline')).toEqual([]);
  });

  test('refused from the moment of the answer, with a reason pointing to feedback', () => {
    const { snapshot } = answered(plus(T0, HOUR));
    const result = lifecycle.apply(snapshot, followUpAt(plus(T0, HOUR)));
    expect(refusalOf(result)).toBe('follow_up_after_answer');
    if (!result.ok) expect(result.refusal.message).toMatch(/feedback/);
  });

  test('refused after a rejection and once closed', () => {
    const rejected = accept(referred(), { type: 'REJECT', text: 'خارج از حوزه شهرداری', at: plus(T0, HOUR), actorRole: 'handler' });
    expect(refusalOf(lifecycle.apply(rejected.snapshot, followUpAt(plus(T0, 2 * HOUR))))).toBe('follow_up_after_answer');
    const closed = accept(rejected.snapshot, feedbackAt(plus(T0, 2 * HOUR)));
    expect(closed.snapshot.state).toBe('closed');
    expect(refusalOf(lifecycle.apply(closed.snapshot, followUpAt(plus(T0, 3 * HOUR))))).toBe('follow_up_after_answer');
  });
});

describe('feedback comes after the answer, inside its window', () => {
  test('refused before the answer, with a reason pointing to follow-ups', () => {
    for (const snapshot of [start().snapshot, referred()]) {
      const result = lifecycle.apply(snapshot, feedbackAt(plus(T0, HOUR)));
      expect(refusalOf(result)).toBe('feedback_before_answer');
      if (!result.ok) expect(result.refusal.message).toMatch(/follow-up/);
    }
  });

  test('the window opens at the answer and closes one calendar month later', () => {
    const answeredAt = plus(T0, HOUR); // 1405-07-05 10:00 Tehran
    const { snapshot } = answered(answeredAt);
    expect(windowOf(snapshot)).toEqual({ opensAt: answeredAt, closesAt: plus(answeredAt, 30 * DAY) }); // Mehr has 30 days
  });

  test.each([
    ['one millisecond before closesAt', -1, true],
    ['at closesAt', 0, false],
    ['one millisecond after closesAt', 1, false],
  ])('feedback %s: accepted %s', (_, offset, accepted) => {
    const { snapshot } = answered();
    const at = plus(windowOf(snapshot).closesAt, offset);
    const result = lifecycle.apply(snapshot, feedbackAt(at));
    if (accepted) {
      expect(result.ok && result.snapshot.state).toBe('closed');
    } else {
      expect(refusalOf(result)).toBe('feedback_window_closed');
      if (!result.ok) {
        expect(result.refusal.params.closesAt).toBe(windowOf(snapshot).closesAt);
        expect(result.refusal.message).toContain(windowOf(snapshot).closesAt);
      }
    }
  });

  test('at the very opening of the window, feedback is accepted', () => {
    const answeredAt = plus(T0, HOUR);
    const { snapshot } = answered(answeredAt);
    expect(accept(snapshot, feedbackAt(answeredAt)).snapshot.state).toBe('closed');
  });

  test('feedback is recorded with its time, as a public timeline entry; the window deadline is cancelled', () => {
    const { snapshot } = answered();
    const deadlineId = snapshot.context.deadline?.id;
    expect(snapshot.context.deadline?.stage).toBe('feedback');
    const result = accept(snapshot, { type: 'FEEDBACK', resolved: 'partly', rating: 3, comment: 'بهتر شد', at: plus(T0, DAY) });
    expect(result.snapshot.context.feedback).toEqual({ resolved: 'partly', rating: 3, comment: 'بهتر شد', at: plus(T0, DAY) });
    expect(effectsOf(result.effects, 'cancelDeadline')).toEqual([{ type: 'cancelDeadline', deadlineId }]);
    expect(effectsOf(result.effects, 'recordTimeline').map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'feedback', visibility: 'public', text: 'بهتر شد', data: { resolved: 'partly', rating: 3 } }),
      expect.objectContaining({ type: 'closed' }),
    ]);
    expect(result.snapshot.context.deadline).toBeNull();
  });

  test('a second feedback on the same answer is refused', () => {
    const { snapshot } = answered();
    const closed = accept(snapshot, feedbackAt(plus(T0, DAY))).snapshot;
    expect(refusalOf(lifecycle.apply(closed, feedbackAt(plus(T0, 2 * DAY))))).toBe('feedback_already_given');
  });

  test('when the window runs out the message closes; later feedback is refused with the closing time', () => {
    const { snapshot } = answered();
    const { closesAt } = windowOf(snapshot);
    const deadline = snapshot.context.deadline;
    expect(deadline).toMatchObject({ stage: 'feedback', dueAt: closesAt });
    const closed = accept(snapshot, { type: 'DEADLINE_ELAPSED', deadlineId: deadline?.id ?? '', at: closesAt });
    expect(closed.snapshot.state).toBe('closed');
    const late = lifecycle.apply(closed.snapshot, feedbackAt(plus(closesAt, DAY)));
    expect(refusalOf(late)).toBe('feedback_window_closed');
  });

  test('the window opens at a rejection too, with the same length', () => {
    const at = plus(T0, 2 * HOUR);
    const rejected = accept(referred(), { type: 'REJECT', text: 'تکراری', at, actorRole: 'handler' });
    expect(rejected.snapshot.state).toBe('notActionable');
    expect(windowOf(rejected.snapshot)).toEqual({ opensAt: at, closesAt: plus(at, 30 * DAY) });
    expect(effectsOf(rejected.effects, 'notify')[0]?.intent.kind).toBe('feedback_invitation');
    expect(lifecycle.apply(rejected.snapshot, feedbackAt(plus(at, 30 * DAY - 1))).ok).toBe(true);
    expect(refusalOf(lifecycle.apply(rejected.snapshot, feedbackAt(plus(at, 30 * DAY))))).toBe('feedback_window_closed');
  });

  test('the window opens at every kind of answer: answered, rejected, linked to an answered or a rejected first', () => {
    const at = plus(T0, 3 * HOUR);
    const kinds = [
      accept(referred(), { type: 'ANSWER', text: 'x', at, actorRole: 'handler' }).snapshot,
      accept(referred(), { type: 'REJECT', text: 'x', at, actorRole: 'handler' }).snapshot,
      accept(start({ messageId: 'M2' }).snapshot, {
        type: 'LINK',
        first: { messageId: 'M1', closed: false, firstMessageId: null, answer: { kind: 'answered', text: 'x', at: T0, fromFirstMessageId: null, unitId: 'roads-1' } },
        at,
        actorRole: 'operator',
      }).snapshot,
      accept(start({ messageId: 'M2' }).snapshot, {
        type: 'LINK',
        first: { messageId: 'M1', closed: false, firstMessageId: null, answer: { kind: 'rejected', text: 'x', at: T0, fromFirstMessageId: null, unitId: 'roads-1' } },
        at,
        actorRole: 'operator',
      }).snapshot,
    ];
    expect(kinds.map((s) => s.state)).toEqual(['answered', 'notActionable', 'answered', 'notActionable']);
    for (const snapshot of kinds) expect(windowOf(snapshot)).toEqual({ opensAt: at, closesAt: plus(at, 30 * DAY) });
  });

  test('a longer policy per system is honoured', () => {
    const lc = createLifecycle({ ...env, feedbackBySystem: { '1888': feedbackPolicySchema.parse({ window: { months: 2 } }) } });
    const at = plus(T0, HOUR);
    const s1888 = lc.start({ messageId: 'I1', system: '1888', intakeUnitId: 'inspection-desk', at: T0 }).snapshot;
    const result = lc.apply(s1888, { type: 'ANSWER', text: 'x', at, actorRole: 'handler' });
    expect(result.ok && result.snapshot.context.feedbackWindow?.closesAt).toBe(plus(at, 60 * DAY)); // Mehr 30 + Aban 30
  });
});

describe('feedback "not resolved" reopens, within policy', () => {
  test('reopens to the same unit with a new referral deadline, then accepts follow-ups and a new answer', () => {
    const { snapshot } = answered();
    const reopened = accept(snapshot, feedbackAt(plus(T0, DAY), 'no'));
    expect(reopened.snapshot.state).toBe('reopened');
    expect(reopened.snapshot.context).toMatchObject({ reopenCount: 1, answer: null, feedbackWindow: null, unitId: 'roads-1' });
    expect(effectsOf(reopened.effects, 'scheduleDeadline')[0]?.deadline).toMatchObject({ stage: 'referral', unitId: 'roads-1' });
    expect(effectsOf(reopened.effects, 'recordTimeline').map((e) => e.entry.type)).toEqual(['feedback', 'reopened']);
    expect(accept(reopened.snapshot, followUpAt(plus(T0, DAY + HOUR))).snapshot.state).toBe('reopened');
    const again = accept(reopened.snapshot, { type: 'ANSWER', text: 'Fixed again.', at: plus(T0, 2 * DAY), actorRole: 'handler' });
    expect(again.snapshot.context).toMatchObject({ answerCount: 2, feedback: null });
    expect(again.snapshot.context.feedbackWindow?.opensAt).toBe(plus(T0, 2 * DAY));
  });

  test('after maxReopens, "not resolved" closes the message', () => {
    let snapshot = answered().snapshot;
    for (let i = 1; i <= 2; i++) {
      snapshot = accept(snapshot, feedbackAt(plus(T0, i * DAY), 'no')).snapshot;
      expect(snapshot.state).toBe('reopened');
      snapshot = accept(snapshot, { type: 'ANSWER', text: 'x', at: plus(T0, i * DAY + HOUR), actorRole: 'handler' }).snapshot;
    }
    expect(accept(snapshot, feedbackAt(plus(T0, 5 * DAY), 'no')).snapshot.state).toBe('closed');
  });

  test('a policy without reopening closes on "not resolved"', () => {
    const lc = createLifecycle({ ...env, feedback: feedbackPolicySchema.parse({ reopenOnUnresolved: false }) });
    const s = lc.start({ messageId: 'M1', system: '137', intakeUnitId: 'intake-137', at: T0 }).snapshot;
    const a = lc.apply(s, { type: 'ANSWER', text: 'x', at: T0, actorRole: 'handler' });
    const f = a.ok ? lc.apply(a.snapshot, feedbackAt(plus(T0, DAY), 'no')) : a;
    expect(f.ok && f.snapshot.state).toBe('closed');
  });

  test('refusals translate into Persian and English', () => {
    const result = lifecycle.apply(start().snapshot, feedbackAt(T0));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(translate('fa', `refusals.${result.refusal.code}`, result.refusal.params)).toMatch(/پاسخ داده نشده/);
      expect(translate('en', `refusals.${result.refusal.code}`, result.refusal.params)).toMatch(/not been answered/);
    }
  });
});

describe('a feedback policy shorter than one calendar month is refused when loaded', () => {
  test.each([
    [{ window: { months: 0, days: 30 }, reopenOnUnresolved: true, maxReopens: 2 }],
    [{ window: { months: 0, days: 0 }, reopenOnUnresolved: true, maxReopens: 2 }],
  ])('by createLifecycle too, even when the host did not parse it: %j', (policy) => {
    expect(() => createLifecycle({ ...env, feedback: policy })).toThrow(/at least one calendar month/);
    expect(() => createLifecycle({ ...env, feedbackBySystem: { '1888': policy } })).toThrow(/1888/);
  });

  test('31 days or one month is accepted', () => {
    expect(() => createLifecycle({ ...env, feedback: { window: { months: 0, days: 31 }, reopenOnUnresolved: true, maxReopens: 2 } })).not.toThrow();
    expect(() => createLifecycle({ ...env, feedback: { window: { months: 1, days: 0 }, reopenOnUnresolved: false, maxReopens: 0 } })).not.toThrow();
  });
});
