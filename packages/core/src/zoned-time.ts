/**
 * Wall-clock time in a named time zone, through `Intl` only (no Node or DOM APIs), so deadlines
 * are computed the same in a browser and on a server whatever the host's own zone is.
 */

/** A local date and time in some time zone (Gregorian calendar, month 1–12). */
export interface ZonedParts {
  /** Gregorian year. */
  year: number;
  /** Month, 1–12. */
  month: number;
  /** Day of the month, 1–31. */
  day: number;
  /** Hour, 0–23. */
  hour: number;
  /** Minute, 0–59. */
  minute: number;
  /** Weekday, 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The offset found by asking `Intl`: exact, but slow (a few microseconds a call). */
function offsetFromIntl(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / MINUTE);
}

/**
 * Offsets change only at whole quarter hours UTC (every zone's offset is a multiple of 15
 * minutes and its transitions happen at local whole hours), so one `Intl` call answers for a
 * whole quarter hour. Deadlines are computed on every registration: this keeps them cheap.
 */
const QUARTER_HOUR = 15 * MINUTE;
const MAX_CACHED_OFFSETS = 50_000;
const offsetCache = new Map<string, Map<number, number>>();

function cachedOffset(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    offset = offsetFromIntl(bucket * QUARTER_HOUR, timeZone);
    if (zone.size >= MAX_CACHED_OFFSETS) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** The local date and time of `instant` in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const local = new Date(instant.getTime() + cachedOffset(instant.getTime(), timeZone) * MINUTE);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/** The zone's offset from UTC at `instant`, in minutes (Tehran: 210). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return cachedOffset(instant.getTime(), timeZone);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. A local time
 * skipped by a daylight-saving change resolves to the instant just after the gap.
 */
export function zonedTimeToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetMinutes(new Date(asUtc), timeZone) * MINUTE;
  const second = asUtc - offsetMinutes(new Date(first), timeZone) * MINUTE;
  return new Date(Math.max(first, second));
}

/** The Gregorian local date `days` days after the given one (days may be negative). */
export function addCalendarDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
