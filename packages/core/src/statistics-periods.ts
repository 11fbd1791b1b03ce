/**
 * The periods statistics are counted in, on the city's calendar: a day ends at local midnight, a
 * week runs Saturday to Friday, months and years are Jalali. Used by the server to bucket counts
 * and by widgets to label them, so both agree on where 30 Azar ends and 1 Dey begins.
 */
import { formatJalaliDate, jalaliToInstant, toJalali, type JalaliDate } from './jalali.js';
import { toLatinDigits } from './text.js';
import { addCalendarDays, zonedParts, zonedTimeToInstant } from './zoned-time.js';

/** The length of a statistics period. */
export type PeriodUnit = 'day' | 'week' | 'month' | 'year';

/** The units statistics can be counted in. */
export const PERIOD_UNITS = ['day', 'week', 'month', 'year'] as const satisfies readonly PeriodUnit[];

/** One period of the calendar, with its keys in both calendars. */
export interface CalendarPeriod {
  /** The instant the period begins (local midnight). */
  start: Date;
  /** The instant the next period begins. */
  end: Date;
  /** Jalali key: `1403-09-14` for a day or week (its first day), `1403-09` for a month, `1403` for a year. */
  jalali: string;
  /** ISO key: the Gregorian local date the period begins, `2024-12-04`. */
  iso: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function localMidnight(date: { year: number; month: number; day: number }, timeZone: string): Date {
  return zonedTimeToInstant(date.year, date.month, date.day, 0, 0, timeZone);
}

/** The start of the period of `unit` that holds `instant`. */
export function periodStart(instant: Date, unit: PeriodUnit, timeZone = 'Asia/Tehran'): Date {
  const local = zonedParts(instant, timeZone);
  switch (unit) {
    case 'day':
      return localMidnight(local, timeZone);
    case 'week':
      // Saturday is weekday 6: it starts the week, Friday (5) ends it.
      return localMidnight(addCalendarDays(local, -((local.weekday + 1) % 7)), timeZone);
    case 'month': {
      const j = toJalali(instant, timeZone);
      return jalaliToInstant({ year: j.year, month: j.month, day: 1 }, 0, 0, timeZone);
    }
    case 'year':
      return jalaliToInstant({ year: toJalali(instant, timeZone).year, month: 1, day: 1 }, 0, 0, timeZone);
    default:
      return unit satisfies never;
  }
}

/** The start of the period after the one that begins at `start`. */
function nextStart(start: Date, unit: PeriodUnit, timeZone: string): Date {
  switch (unit) {
    case 'day':
    case 'week':
      return localMidnight(addCalendarDays(zonedParts(start, timeZone), unit === 'day' ? 1 : 7), timeZone);
    case 'month': {
      const j = toJalali(start, timeZone);
      const next = j.month === 12 ? { year: j.year + 1, month: 1 } : { year: j.year, month: j.month + 1 };
      return jalaliToInstant({ ...next, day: 1 }, 0, 0, timeZone);
    }
    case 'year':
      return jalaliToInstant({ year: toJalali(start, timeZone).year + 1, month: 1, day: 1 }, 0, 0, timeZone);
    default:
      return unit satisfies never;
  }
}

function jalaliKey(date: JalaliDate, unit: PeriodUnit): string {
  if (unit === 'year') return String(date.year);
  if (unit === 'month') return `${date.year}-${pad(date.month)}`;
  return formatJalaliDate(date);
}

/** The period of `unit` that begins at `start` (a value returned by {@link periodStart}). */
export function calendarPeriod(start: Date, unit: PeriodUnit, timeZone = 'Asia/Tehran'): CalendarPeriod {
  const local = zonedParts(start, timeZone);
  return {
    start,
    end: nextStart(start, unit, timeZone),
    jalali: jalaliKey(toJalali(start, timeZone), unit),
    iso: `${local.year}-${pad(local.month)}-${pad(local.day)}`,
  };
}

/**
 * The periods of `unit` that overlap `[from, to)`, in order; the first may begin before `from` and
 * the last end after `to`. Throws a `RangeError` when there would be more than `limit`.
 */
export function periodsBetween(from: Date, to: Date, unit: PeriodUnit, timeZone = 'Asia/Tehran', limit = 4000): CalendarPeriod[] {
  const periods: CalendarPeriod[] = [];
  let start = periodStart(from, unit, timeZone);
  while (start.getTime() < to.getTime()) {
    if (periods.length >= limit) throw new RangeError(`More than ${limit} ${unit} periods between ${from.toISOString()} and ${to.toISOString()}`);
    const period = calendarPeriod(start, unit, timeZone);
    periods.push(period);
    start = period.end;
  }
  return periods;
}

const DATE_ONLY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a date given to a statistics query: a Jalali date (`1403/09/14`, `1403-09-14`, Persian
 * digits too — years before 1700 are Jalali), a Gregorian date (`2024-12-04`), or an ISO instant
 * with its offset. A date alone means local midnight at its start, or with `endOfDay` the midnight
 * after it, so that `to=1403-09-30` includes the whole of 30 Azar. Returns `null` when the text is
 * no such date.
 */
export function parseStatisticsDate(text: string, timeZone = 'Asia/Tehran', endOfDay = false): Date | null {
  const value = toLatinDigits(text.trim());
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    if (year < 1700) {
      if (month > 6 && day > 30) return null;
      let start: Date;
      try {
        start = jalaliToInstant({ year, month, day }, 0, 0, timeZone);
      } catch {
        return null;
      }
      const back = toJalali(start, timeZone);
      if (back.year !== year || back.month !== month || back.day !== day) return null;
      return endOfDay ? nextStart(start, 'day', timeZone) : start;
    }
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    const date = { year, month, day };
    return localMidnight(endOfDay ? addCalendarDays(date, 1) : date, timeZone);
  }
  if (DATE_TIME.test(value)) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  return null;
}
