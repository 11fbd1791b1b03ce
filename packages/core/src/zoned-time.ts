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

/** The local date and time of `instant` in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The zone's offset from UTC at `instant`, in minutes (Tehran: 210). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const seconds = instant.getUTCSeconds();
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds);
  return Math.round((asUtc - (instant.getTime() - instant.getUTCMilliseconds())) / MINUTE);
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
