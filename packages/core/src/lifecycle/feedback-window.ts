import { addLocalDays, daysInJalaliMonths } from '../jalali.js';
import type { FeedbackPolicy } from '../schemas/policy.js';

/** A feedback window: feedback is accepted from `opensAt` up to, not including, `closesAt`. */
export interface FeedbackWindow {
  /** When it opens: the answer's time (ISO instant). */
  opensAt: string;
  /** When it closes (ISO instant). */
  closesAt: string;
}

/**
 * The feedback window of an answer given at `opensAt`. Its months are counted in days from the
 * month it opens in, so it is never shorter than that month (30 Bahman 1404 + one month is
 * 1 Farvardin 1405, not the 29 Esfand a calendar month would clamp to) and it closes at the same
 * time of day, to the millisecond; the policy's extra days come after.
 */
export function feedbackWindowOf(opensAt: string, window: FeedbackPolicy['window'], timeZone: string): FeedbackWindow {
  const opens = new Date(opensAt);
  const days = daysInJalaliMonths(opens, window.months, timeZone) + window.days;
  return { opensAt, closesAt: addLocalDays(opens, days, timeZone).toISOString() };
}
