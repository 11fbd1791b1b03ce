import type { BusinessCalendar } from './schemas/policy.js';
import { formatJalaliDate, toJalali } from './jalali.js';
import { addCalendarDays, zonedParts, zonedTimeToInstant } from './zoned-time.js';

const MINUTE = 60_000;
/** Ten years of days: a calendar with working periods always finds one long before this. */
const MAX_DAYS_SCANNED = 3660;

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a local Gregorian date is a holiday in the calendar (holidays are Jalali dates). */
export function isHoliday(
  date: { year: number; month: number; day: number },
  calendar: BusinessCalendar,
): boolean {
  if (calendar.holidays.length === 0) return false;
  const noon = zonedTimeToInstant(date.year, date.month, date.day, 12, 0, calendar.timeZone);
  return calendar.holidays.includes(formatJalaliDate(toJalali(noon, calendar.timeZone)));
}

/** The working periods of one local day as instants `[start, end)` in ms, in order; none on a holiday. */
type DayPeriods = readonly (readonly [number, number])[];

/** The working periods of a local date under a calendar. */
function periodsOn(date: { year: number; month: number; day: number }, calendar: BusinessCalendar): DayPeriods {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  const periods = calendar.week
    .filter((p) => p.day === weekday)
    .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  if (periods.length === 0 || isHoliday(date, calendar)) return [];
  const at = (clock: string) => {
    const m = minutesOf(clock);
    return zonedTimeToInstant(date.year, date.month, date.day, Math.floor(m / 60), m % 60, calendar.timeZone).getTime();
  };
  return periods.map((period) => [at(period.start), at(period.end)] as const);
}

/** Counts `hours` of working time from `start` through the days `periodsOf` gives. */
function countBusinessHours(
  start: Date,
  hours: number,
  timeZone: string,
  periodsOf: (date: { year: number; month: number; day: number }) => DayPeriods,
): Date {
  let remaining = Math.round(hours * 60);
  const first = zonedParts(start, timeZone);
  for (let offset = 0; offset < MAX_DAYS_SCANNED; offset++) {
    for (const [from, to] of periodsOf(addCalendarDays(first, offset))) {
      const periodStart = Math.max(from, start.getTime());
      if (periodStart >= to) continue;
      const available = Math.floor((to - periodStart) / MINUTE);
      if (remaining <= available) return new Date(periodStart + remaining * MINUTE);
      remaining -= available;
    }
  }
  throw new RangeError('The business calendar has no working time in the next ten years.');
}

/**
 * The instant `hours` business hours after `start`: only time inside the week's working periods,
 * on days that are not holidays, in the calendar's time zone, counts.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  return countBusinessHours(start, hours, calendar.timeZone, (date) => periodsOn(date, calendar));
}

/** Days remembered by a {@link BusinessClock} before it starts over. */
const MAX_REMEMBERED_DAYS = 4000;

/** {@link addBusinessHours} under one calendar, remembering each local day's working periods. */
export interface BusinessClock {
  /** The instant `hours` business hours after `start` (the same as {@link addBusinessHours}). */
  addBusinessHours(start: Date, hours: number): Date;
}

/**
 * A {@link BusinessClock} for a calendar the caller no longer changes (a lifecycle's). Every
 * registration sets a deadline over the same few days, so each day's weekday, holiday check and
 * period instants are worked out once instead of on every call.
 */
export function createBusinessClock(calendar: BusinessCalendar): BusinessClock {
  const days = new Map<number, DayPeriods>();
  const periodsOf = (date: { year: number; month: number; day: number }): DayPeriods => {
    const key = date.year * 10_000 + date.month * 100 + date.day;
    let periods = days.get(key);
    if (periods === undefined) {
      periods = periodsOn(date, calendar);
      if (days.size >= MAX_REMEMBERED_DAYS) days.clear();
      days.set(key, periods);
    }
    return periods;
  };
  return { addBusinessHours: (start, hours) => countBusinessHours(start, hours, calendar.timeZone, periodsOf) };
}

/** Tehran municipality's usual week: Saturday–Wednesday 08:00–16:00, Thursday 08:00–12:00. */
export const DEFAULT_TEHRAN_WEEK: BusinessCalendar['week'] = [
  { day: 6, start: '08:00', end: '16:00' },
  { day: 0, start: '08:00', end: '16:00' },
  { day: 1, start: '08:00', end: '16:00' },
  { day: 2, start: '08:00', end: '16:00' },
  { day: 3, start: '08:00', end: '16:00' },
  { day: 4, start: '08:00', end: '12:00' },
];
