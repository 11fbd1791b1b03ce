import { describe, expect, test } from 'vitest';
import { createLifecycle, feedbackPolicySchema, jalaliMonthLength, jalaliToInstant, toJalali } from '../src/index.js';
import { accept, DAY, env, HOUR, lifecycle, start } from './fixtures.js';

/** A message answered at `at`: its feedback window. */
function windowOpenedAt(at: Date, l = lifecycle) {
  const registered = l.start({ messageId: 'W1', system: '137', intakeUnitId: 'intake-137', at: new Date(at.getTime() - HOUR).toISOString() }).snapshot;
  const referred = l.apply(registered, { type: 'REFER', unitId: 'roads-1', at: new Date(at.getTime() - HOUR).toISOString(), actorRole: 'operator' });
  if (!referred.ok) throw new Error(referred.refusal.code);
  const answered = l.apply(referred.snapshot, { type: 'ANSWER', text: 'Fixed.', at: at.toISOString(), actorRole: 'handler' });
  if (!answered.ok) throw new Error(answered.refusal.code);
  const window = answered.snapshot.context.feedbackWindow;
  if (!window) throw new Error('no window');
  return { opensAt: Date.parse(window.opensAt), closesAt: Date.parse(window.closesAt) };
}

/** 05:30:42.123 Tehran on a Jalali date: a time with seconds and milliseconds. */
function at(year: number, month: number, day: number): Date {
  return new Date(jalaliToInstant({ year, month, day }, 5, 30).getTime() + 42_123);
}

// 1403 has a leap Esfand (30 days), 1404 a common one (29 days).
const MONTH_ENDS = [1403, 1404].flatMap((year) =>
  Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1, day: jalaliMonthLength(year, i + 1) })),
);

describe('the feedback window is never shorter than the month it opens in', () => {
  test.each(MONTH_ENDS)('opened on the last day of $year-$month ($day days): closes $day days later, at the same time of day', ({ year, month, day }) => {
    const { opensAt, closesAt } = windowOpenedAt(at(year, month, day));
    // Iran keeps no daylight-saving time: a local day is 24 hours.
    expect(closesAt - opensAt).toBe(day * DAY);
  });

  test.each(MONTH_ENDS)('opened on the first day of $year-$month: closes on the first of the next month, same time', ({ year, month, day }) => {
    const { opensAt, closesAt } = windowOpenedAt(at(year, month, 1));
    expect(closesAt - opensAt).toBe(day * DAY);
    expect(toJalali(new Date(closesAt))).toEqual(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 });
  });

  test('30 Bahman 1404 + one month is 1 Farvardin 1405 (Esfand 1404 has 29 days), not 29 Esfand', () => {
    const { closesAt } = windowOpenedAt(at(1404, 11, 30));
    expect(toJalali(new Date(closesAt))).toEqual({ year: 1405, month: 1, day: 1 });
  });

  test('30 Bahman 1403 + one month is 30 Esfand 1403 (a leap Esfand)', () => {
    const { closesAt } = windowOpenedAt(at(1403, 11, 30));
    expect(toJalali(new Date(closesAt))).toEqual({ year: 1403, month: 12, day: 30 });
  });

  test('the closing time keeps the seconds and milliseconds of the opening time', () => {
    const { opensAt, closesAt } = windowOpenedAt(at(1405, 7, 5));
    expect(new Date(closesAt).toISOString().slice(16)).toBe(new Date(opensAt).toISOString().slice(16));
    expect(new Date(closesAt).getUTCSeconds()).toBe(42);
  });

  test('a window of several months is never shorter than those months, counted from the month it opens in', () => {
    const three = createLifecycle({ ...env, feedback: feedbackPolicySchema.parse({ window: { months: 3 } }) });
    // 31 Khordad + 3 months: Khordad, Tir and Mordad have 31 days each.
    const { opensAt, closesAt } = windowOpenedAt(at(1405, 3, 31), three);
    expect(closesAt - opensAt).toBe(93 * DAY);
  });

  test('extra days are added after the months', () => {
    const longer = createLifecycle({ ...env, feedback: feedbackPolicySchema.parse({ window: { months: 1, days: 10 } }) });
    const { opensAt, closesAt } = windowOpenedAt(at(1404, 11, 30), longer);
    expect(closesAt - opensAt).toBe(40 * DAY);
  });

  test('a window given in days only lasts exactly those days', () => {
    const days = createLifecycle({ ...env, feedback: feedbackPolicySchema.parse({ window: { months: 0, days: 45 } }) });
    const { opensAt, closesAt } = windowOpenedAt(at(1404, 12, 29), days);
    expect(closesAt - opensAt).toBe(45 * DAY);
  });

  test('feedback is accepted up to the last millisecond of the window', () => {
    const answeredAt = at(1404, 11, 30);
    const registered = start({ at: new Date(answeredAt.getTime() - HOUR).toISOString() }).snapshot;
    const referred = accept(registered, { type: 'REFER', unitId: 'roads-1', at: new Date(answeredAt.getTime() - HOUR).toISOString(), actorRole: 'operator' }).snapshot;
    const answered = accept(referred, { type: 'ANSWER', text: 'Fixed.', at: answeredAt.toISOString(), actorRole: 'handler' }).snapshot;
    const lastMoment = new Date(answeredAt.getTime() + 30 * DAY - 1).toISOString();
    expect(accept(answered, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: lastMoment }).snapshot.state).toBe('closed');
  });
});
