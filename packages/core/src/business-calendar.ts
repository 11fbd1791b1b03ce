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

/**
 * The instant `hours` business hours after `start`: only time inside the week's working periods,
 * on days that are not holidays, in the calendar's time zone, counts.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  let remaining = Math.round(hours * 60);
  const first = zonedParts(start, calendar.timeZone);
  for (let offset = 0; offset < MAX_DAYS_SCANNED; offset++) {
    const date = addCalendarDays(first, offset);
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    const periods = calendar.week
      .filter((p) => p.day === weekday)
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    if (periods.length === 0 || isHoliday(date, calendar)) continue;
    for (const period of periods) {
      const at = (clock: string) => {
        const m = minutesOf(clock);
        return zonedTimeToInstant(date.year, date.month, date.day, Math.floor(m / 60), m % 60, calendar.timeZone).getTime();
      };
      const periodStart = Math.max(at(period.start), start.getTime());
      const periodEnd = at(period.end);
      if (periodStart >= periodEnd) continue;
      const available = Math.floor((periodEnd - periodStart) / MINUTE);
      if (remaining <= available) return new Date(periodStart + remaining * MINUTE);
      remaining -= available;
    }
  }
  throw new RangeError('The business calendar has no working time in the next ten years.');
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
