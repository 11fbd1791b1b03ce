import { addCalendarDays, zonedParts, zonedTimeToInstant } from './zoned-time.js';

/** A date in the Jalali (Solar Hijri) calendar. */
export interface JalaliDate {
  /** Jalali year, e.g. 1404. */
  year: number;
  /** Month, 1 (Farvardin) – 12 (Esfand). */
  month: number;
  /** Day of the month, 1–31. */
  day: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The seconds and milliseconds of `instant` (zone offsets are whole minutes). */
function subMinute(instant: Date): number {
  return ((instant.getTime() % MINUTE) + MINUTE) % MINUTE;
}
const formatters = new Map<string, Intl.DateTimeFormat>();

function persianFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const MAX_CACHED_DAYS = 20_000;
const jalaliByLocalDay = new Map<string, JalaliDate>();

/** The Jalali date of `instant` in `timeZone`. */
export function toJalali(instant: Date, timeZone = 'Asia/Tehran'): JalaliDate {
  // The Jalali date depends only on the local day: ask Intl once a day and zone.
  const local = zonedParts(instant, timeZone);
  const key = `${timeZone}|${local.year}-${local.month}-${local.day}`;
  const cached = jalaliByLocalDay.get(key);
  if (cached) return { ...cached };
  const date = jalaliFromIntl(instant, timeZone);
  if (jalaliByLocalDay.size >= MAX_CACHED_DAYS) jalaliByLocalDay.clear();
  jalaliByLocalDay.set(key, date);
  return { ...date };
}

function jalaliFromIntl(instant: Date, timeZone: string): JalaliDate {
  const parts: Record<string, number> = {};
  for (const part of persianFormatter(timeZone).formatToParts(instant)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') {
      parts[part.type] = Number(part.value);
    }
  }
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1 };
}

/** `YYYY-MM-DD` of a Jalali date. */
export function formatJalaliDate(date: JalaliDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

function dayOfYear(month: number, day: number): number {
  return month <= 7 ? (month - 1) * 31 + day : 186 + (month - 7) * 30 + day;
}

function ordinal(date: JalaliDate): number {
  return date.year * 366 + dayOfYear(date.month, date.day);
}

/** Noon UTC of some Gregorian day whose Tehran-independent Jalali date is `date`. */
function noonOf(date: JalaliDate, timeZone: string): Date {
  let guess = Date.UTC(date.year + 621, 2, 20, 12) + (dayOfYear(date.month, date.day) - 1) * DAY;
  for (let i = 0; i < 12; i++) {
    const found = toJalali(new Date(guess), timeZone);
    const diff = ordinal(date) - ordinal(found);
    if (diff === 0) return new Date(guess);
    guess += Math.sign(diff) * Math.max(1, Math.abs(diff) - (found.year !== date.year ? 1 : 0)) * DAY;
  }
  throw new RangeError(`No such Jalali date: ${formatJalaliDate(date)}`);
}

/** Number of days in a Jalali month (Esfand has 30 in a leap year). */
export function jalaliMonthLength(year: number, month: number, timeZone = 'Asia/Tehran'): number {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  const day29 = noonOf({ year, month: 12, day: 29 }, timeZone);
  return toJalali(new Date(day29.getTime() + DAY), timeZone).month === 12 ? 30 : 29;
}

/** The instant at which the wall clock in `timeZone` shows the given Jalali date and time. */
export function jalaliToInstant(
  date: JalaliDate,
  hour = 0,
  minute = 0,
  timeZone = 'Asia/Tehran',
): Date {
  const g = zonedParts(noonOf(date, timeZone), timeZone);
  return zonedTimeToInstant(g.year, g.month, g.day, hour, minute, timeZone);
}

/**
 * `instant` moved `months` Jalali calendar months later, same local time of day (to the
 * millisecond); the day is clamped to the target month's length (31 Shahrivar + 1 month = 30 Mehr).
 */
export function addJalaliMonths(instant: Date, months: number, timeZone = 'Asia/Tehran'): Date {
  const start = toJalali(instant, timeZone);
  const local = zonedParts(instant, timeZone);
  const index = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(start.day, jalaliMonthLength(year, month, timeZone));
  return new Date(jalaliToInstant({ year, month, day }, local.hour, local.minute, timeZone).getTime() + subMinute(instant));
}

/**
 * How many days the `months` Jalali months starting with the month of `instant` have together
 * (Shahrivar and Mehr: 61; a common Esfand alone: 29).
 */
export function daysInJalaliMonths(instant: Date, months: number, timeZone = 'Asia/Tehran'): number {
  const start = toJalali(instant, timeZone);
  let days = 0;
  for (let i = 0; i < months; i++) {
    const index = start.year * 12 + (start.month - 1) + i;
    days += jalaliMonthLength(Math.floor(index / 12), (index % 12) + 1, timeZone);
  }
  return days;
}

/** `instant` moved `days` local calendar days later, same local time of day (to the millisecond). */
export function addLocalDays(instant: Date, days: number, timeZone = 'Asia/Tehran'): Date {
  const local = zonedParts(instant, timeZone);
  const target = addCalendarDays(local, days);
  return new Date(zonedTimeToInstant(target.year, target.month, target.day, local.hour, local.minute, timeZone).getTime() + subMinute(instant));
}
