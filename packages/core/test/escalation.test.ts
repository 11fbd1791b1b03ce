import { describe, expect, test } from 'vitest';
import {
  ancestorsOf,
  createLifecycle,
  escalationPolicySchema,
  escalationTargetFor,
  jalaliToInstant,
  publicStatusOf,
  ruleFor,
  stageLimitFor,
  type LifecycleSnapshot,
} from '../src/index.js';
import { accept, effectsOf, env, escalation, lifecycle, orgUnits, plus, referred, start, T0 } from './fixtures.js';

/** Tehran wall-clock time on a Jalali day of Mehr 1405, as an ISO instant. */
const mehr = (day: number, hour: number) => jalaliToInstant({ year: 1405, month: 7, day }, hour, 0).toISOString();

/** Lets the pending deadline elapse at its due time. */
function elapse(snapshot: LifecycleSnapshot, lc = lifecycle) {
  const deadline = snapshot.context.deadline;
  if (!deadline) throw new Error('no pending deadline');
  const result = lc.apply(snapshot, { type: 'DEADLINE_ELAPSED', deadlineId: deadline.id, at: deadline.dueAt });
  if (!result.ok || !result.changed) throw new Error('the deadline did not elapse');
  return result;
}

describe('a missed deadline moves the message up the tree', () => {
  test('to the parent unit by default, with from/to/why in the timeline and a new deadline', () => {
    const snapshot = referred('roads-1'); // Sunday 1405-07-05 09:00, referral 8 business hours
    const first = snapshot.context.deadline;
    expect(first).toEqual({ id: 'M1/2', stage: 'referral', dueAt: mehr(6, 9), unitId: 'roads-1' });

    const result = elapse(snapshot);
    expect(result.snapshot.state).toBe('referred');
    expect(result.snapshot.context).toMatchObject({ unitId: 'district-1', escalationLevel: 1, escalated: true, overdue: false });
    expect(publicStatusOf(result.snapshot)).toBe('escalated');
    const entries = effectsOf(result.effects, 'recordTimeline').map((e) => e.entry);
    expect(entries).toEqual([
      {
        type: 'escalated',
        at: mehr(6, 9),
        actorRole: 'system',
        visibility: 'public',
        data: { stage: 'referral', fromUnitId: 'roads-1', toUnitId: 'district-1', dueAt: mehr(6, 9), level: 1 },
      },
    ]);
    expect(effectsOf(result.effects, 'cancelDeadline')).toEqual([{ type: 'cancelDeadline', deadlineId: 'M1/2' }]);
    expect(effectsOf(result.effects, 'scheduleDeadline')).toEqual([
      { type: 'scheduleDeadline', deadline: { id: 'M1/3', stage: 'referral', dueAt: mehr(7, 9), unitId: 'district-1' } },
    ]);
    // The default rule does not tell the citizen.
    expect(effectsOf(result.effects, 'notify')).toEqual([]);
  });

  test('at the root the message is marked overdue and the supervisor unit is notified; no new deadline', () => {
    const atDistrict = elapse(referred('roads-1')).snapshot;
    const atCity = elapse(atDistrict).snapshot;
    expect(atCity.context).toMatchObject({ unitId: 'city', escalationLevel: 2 });
    const result = elapse(atCity);
    expect(result.snapshot.context).toMatchObject({ unitId: 'city', escalationLevel: 2, overdue: true, deadline: null });
    expect(publicStatusOf(result.snapshot)).toBe('overdue');
    expect(effectsOf(result.effects, 'scheduleDeadline')).toEqual([]);
    expect(effectsOf(result.effects, 'cancelDeadline')).toHaveLength(1);
    expect(effectsOf(result.effects, 'recordTimeline').map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'overdue', visibility: 'public', data: expect.objectContaining({ stage: 'referral', unitId: 'city' }) }),
    ]);
    expect(effectsOf(result.effects, 'notify').map((e) => e.intent)).toEqual([
      expect.objectContaining({ kind: 'overdue', channels: ['webhook'], recipient: { type: 'unit', unitId: 'supervision' }, messageId: 'M1' }),
    ]);
  });

  test('a new referral after "overdue" starts a fresh deadline and the citizen sees it referred', () => {
    const overdue = elapse(elapse(elapse(referred('roads-1')).snapshot).snapshot).snapshot;
    expect(publicStatusOf(overdue)).toBe('overdue');
    const result = accept(overdue, { type: 'REFER', unitId: 'district-2', at: plus(overdue.context.registeredAt, 10 * 86_400_000), actorRole: 'supervisor' });
    expect(result.snapshot.context).toMatchObject({ overdue: false, escalated: false, unitId: 'district-2', deadline: { stage: 'referral' } });
    expect(publicStatusOf(result.snapshot)).toBe('referred');
  });

  test('without a named supervisor, the root unit itself is notified', () => {
    const policy = escalationPolicySchema.parse({ default: { stages: escalation.default.stages } });
    const lc = createLifecycle({ ...env, escalation: policy });
    let snapshot = lc.start({ messageId: 'M9', system: '137', intakeUnitId: 'intake-137', at: T0 }).snapshot;
    snapshot = elapse(snapshot, lc).snapshot; // intake-137 → city
    expect(snapshot.context.unitId).toBe('city');
    const result = elapse(snapshot, lc);
    expect(effectsOf(result.effects, 'notify')[0]?.intent.recipient).toEqual({ type: 'unit', unitId: 'city' });
  });

  test('the triage stage escalates too, and the citizen sees it', () => {
    const { snapshot } = start();
    expect(snapshot.context.deadline).toMatchObject({ stage: 'triage', dueAt: mehr(5, 13), unitId: 'intake-137' });
    const result = elapse(snapshot);
    expect(result.snapshot.state).toBe('registered');
    expect(result.snapshot.context.unitId).toBe('city');
    expect(publicStatusOf(result.snapshot)).toBe('escalated');
    // A handling action clears "escalated".
    const triaged = accept(result.snapshot, { type: 'TAKE_FOR_TRIAGE', at: mehr(5, 14), actorRole: 'operator' }).snapshot;
    expect(publicStatusOf(triaged)).toBe('sorting');
  });

  test('a named target is used instead of the parent', () => {
    const started = accept(referred('district-2'), { type: 'START', at: T0, actorRole: 'handler' }).snapshot;
    expect(started.context.deadline).toMatchObject({ stage: 'response', dueAt: mehr(6, 13) }); // 12 business hours
    const result = elapse(started);
    expect(result.snapshot.state).toBe('inProgress');
    expect(result.snapshot.context.unitId).toBe('supervision');
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry.data).toMatchObject({ fromUnitId: 'district-2', toUnitId: 'supervision' });
    // supervision is a root with the default rule: the next miss marks it overdue.
    expect(elapse(result.snapshot).snapshot.context.overdue).toBe(true);
  });
});

describe('stale and premature deadlines are no-ops', () => {
  test('a deadline replaced by a handling action', () => {
    const snapshot = referred('roads-1');
    const old = snapshot.context.deadline;
    const started = accept(snapshot, { type: 'START', at: plus(T0, 60_000), actorRole: 'handler' }).snapshot;
    expect(started.context.deadline?.id).not.toBe(old?.id);
    const result = lifecycle.apply(started, { type: 'DEADLINE_ELAPSED', deadlineId: old?.id ?? '', at: old?.dueAt ?? T0 });
    expect(result).toEqual({ ok: true, snapshot: started, effects: [], changed: false });
  });

  test('the current deadline one millisecond early', () => {
    const snapshot = referred('roads-1');
    const deadline = snapshot.context.deadline;
    const result = lifecycle.apply(snapshot, { type: 'DEADLINE_ELAPSED', deadlineId: deadline?.id ?? '', at: plus(deadline?.dueAt ?? T0, -1) });
    expect(result).toEqual({ ok: true, snapshot, effects: [], changed: false });
  });

  test('a deadline after the message closed, and one with an unknown id', () => {
    const answered = accept(referred(), { type: 'ANSWER', text: 'x', at: T0, actorRole: 'handler' }).snapshot;
    const closed = accept(answered, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: plus(T0, 1000) }).snapshot;
    const dueAt = answered.context.deadline?.dueAt ?? T0;
    expect(lifecycle.apply(closed, { type: 'DEADLINE_ELAPSED', deadlineId: answered.context.deadline?.id ?? '', at: dueAt })).toEqual({
      ok: true,
      snapshot: closed,
      effects: [],
      changed: false,
    });
    expect(lifecycle.apply(answered, { type: 'DEADLINE_ELAPSED', deadlineId: 'M1/999', at: dueAt })).toMatchObject({ changed: false, effects: [] });
  });
});

describe('the most specific rule wins', () => {
  const subject = (system: string, serviceCode: string | null, unitId: string) => ({ system, serviceCode, unitId });

  test.each([
    ['137', null, 'roads-1', 16],
    ['1888', null, 'roads-1', 40], // system
    ['137', 'pothole', 'roads-1', 24], // service
    ['1888', 'pothole', 'roads-1', 24], // service beats system
    ['1888', 'pothole', 'district-2', 12], // unit beats service and system
    ['137', null, 'district-2', 12],
  ])('response for system %s, service %s, unit %s: %i business hours', (system, service, unit, hours) => {
    expect(stageLimitFor(escalation, subject(system, service, unit), 'response').businessHours).toBe(hours);
  });

  test('a rule that does not limit a stage leaves it to the default', () => {
    expect(stageLimitFor(escalation, subject('1888', null, 'district-2'), 'referral')).toEqual({ businessHours: 8, escalateTo: 'parent' });
    expect(ruleFor(escalation, subject('1888', null, 'roads-1'), 'triage')).toBe(escalation.default);
    expect(ruleFor(escalation, subject('1888', null, 'roads-1'), 'response').notifyCitizen).toBe(true);
  });

  test('the machine uses the rule of the unit and service at hand', () => {
    const pothole = accept(referred('roads-1', { serviceCode: 'pothole' }), { type: 'START', at: T0, actorRole: 'handler' }).snapshot;
    expect(pothole.context.deadline?.dueAt).toBe(mehr(8, 9)); // 24 h: Sunday 7, Monday 8, Tuesday 8, Wednesday 1
    const other = accept(referred('roads-1', { serviceCode: 'lighting' }), { type: 'START', at: T0, actorRole: 'handler' }).snapshot;
    expect(other.context.deadline?.dueAt).toBe(mehr(7, 9)); // 16 h: Sunday 7, Monday 8, Tuesday 1
    // REFER may set the service: the rule follows it.
    const s = accept(start().snapshot, { type: 'REFER', unitId: 'roads-1', serviceCode: 'pothole', at: T0, actorRole: 'operator' }).snapshot;
    expect(s.context.serviceCode).toBe('pothole');
    expect(accept(s, { type: 'START', at: T0, actorRole: 'handler' }).snapshot.context.deadline?.dueAt).toBe(mehr(8, 9));
  });

  test('escalationTargetFor: parent, named unit, or null at the top', () => {
    expect(escalationTargetFor(escalation, orgUnits, subject('137', null, 'roads-1'), 'response')).toBe('district-1');
    expect(escalationTargetFor(escalation, orgUnits, subject('137', null, 'district-2'), 'response')).toBe('supervision');
    expect(escalationTargetFor(escalation, orgUnits, subject('137', null, 'city'), 'response')).toBeNull();
    expect(ancestorsOf(orgUnits, 'roads-1')).toEqual(['district-1', 'city']);
  });
});

describe('referral refusals', () => {
  test('an unknown unit is named; a known unit in the wrong state is "not allowed"', () => {
    const unknown = lifecycle.apply(referred(), { type: 'REFER', unitId: 'atlantis', at: T0, actorRole: 'operator' });
    expect(unknown.ok ? null : unknown.refusal).toMatchObject({ code: 'unknown_unit', params: { unitId: 'atlantis' } });
    const answered = accept(referred(), { type: 'ANSWER', text: 'x', at: T0, actorRole: 'handler' }).snapshot;
    const late = lifecycle.apply(answered, { type: 'REFER', unitId: 'district-2', at: T0, actorRole: 'operator' });
    expect(late.ok ? null : late.refusal).toMatchObject({ code: 'not_allowed', params: { event: 'REFER', state: 'answered' } });
  });
});

describe('escalation notifies the citizen where the rule says', () => {
  test('1888 response stage: SMS to the citizen with a unique key', () => {
    const s = lifecycle.start({ messageId: 'I1', system: '1888', intakeUnitId: 'inspection-desk', at: T0, channels: { sms: true, push: false } }).snapshot;
    const referredToDesk = accept(s, { type: 'REFER', unitId: 'inspection-desk', at: T0, actorRole: 'operator' }).snapshot;
    const started = accept(referredToDesk, { type: 'START', at: T0, actorRole: 'handler' }).snapshot;
    const result = elapse(started);
    expect(result.snapshot.context.unitId).toBe('inspection');
    expect(effectsOf(result.effects, 'notify').map((e) => e.intent)).toEqual([
      {
        kind: 'escalated',
        channels: ['sms'],
        recipient: { type: 'citizen', messageId: 'I1' },
        messageId: 'I1',
        params: { messageId: 'I1', toUnitId: 'inspection' },
        idempotencyKey: `I1:escalated:${started.context.deadline?.id}`,
      },
    ]);
  });

  test('a citizen without SMS or push gets no intent', () => {
    const s = lifecycle.start({ messageId: 'I2', system: '1888', intakeUnitId: 'inspection-desk', at: T0 }).snapshot;
    const started = accept(accept(s, { type: 'REFER', unitId: 'inspection-desk', at: T0, actorRole: 'operator' }).snapshot, {
      type: 'START',
      at: T0,
      actorRole: 'handler',
    }).snapshot;
    expect(effectsOf(elapse(started).effects, 'notify')).toEqual([]);
  });
});
