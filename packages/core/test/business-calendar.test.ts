import { afterEach, describe, expect, test } from 'vitest';
import {
  addBusinessHours,
  addJalaliMonths,
  addLocalDays,
  businessCalendarSchema,
  createLifecycle,
  DEFAULT_TEHRAN_WEEK,
  feedbackPolicySchema,
  formatJalaliDate,
  isHoliday,
  jalaliMonthLength,
  jalaliToInstant,
  offsetMinutes,
  toJalali,
  zonedParts,
} from '../src/index.js';
import { calendar, env, HOUR } from './fixtures.js';

/** The instant of a Tehran wall-clock Jalali date and time. */
const tehran = (date: string, hour: number, minute = 0) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return jalaliToInstant({ year, month, day }, hour, minute);
};
/** The Tehran Jalali date and time of an instant, `YYYY-MM-DD HH:MM`. */
const wallClock = (instant: Date) => {
  const p = zonedParts(instant, 'Asia/Tehran');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatJalaliDate(toJalali(instant))} ${pad(p.hour)}:${pad(p.minute)}`;
};

// Core has no Node types (it runs in browsers too); the test only needs the host's TZ variable.
declare const process: { env: Record<string, string | undefined> };
const hostZone = process.env.TZ;
afterEach(() => {
  if (hostZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostZone;
});

describe('Jalali dates', () => {
  test('Nowruz 1405 is 21 March 2026, 00:00 in Tehran (+03:30)', () => {
    expect(tehran('1405-01-01', 0).toISOString()).toBe('2026-03-20T20:30:00.000Z');
    expect(toJalali(new Date('2026-03-20T20:29:59Z'))).toEqual({ year: 1404, month: 12, day: 29 });
    expect(toJalali(new Date('2026-03-20T20:30:00Z'))).toEqual({ year: 1405, month: 1, day: 1 });
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Asia/Tehran')).toBe(210);
  });

  test('month lengths: 31 in the first half, 30 after, Esfand 30 in a leap year and 29 otherwise', () => {
    expect(jalaliMonthLength(1405, 1)).toBe(31);
    expect(jalaliMonthLength(1405, 6)).toBe(31);
    expect(jalaliMonthLength(1405, 7)).toBe(30);
    expect(jalaliMonthLength(1405, 11)).toBe(30);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(jalaliMonthLength(1404, 12)).toBe(29);
  });

  test.each([
    ['1405-06-31', 1, '1405-07-30'], // 31 Shahrivar + 1 month = 30 Mehr
    ['1405-06-30', 1, '1405-07-30'],
    ['1405-01-15', 1, '1405-02-15'],
    ['1403-11-30', 1, '1403-12-30'], // into Esfand of a leap year: 30 days
    ['1404-11-30', 1, '1404-12-29'], // into Esfand of a common year: clamped to 29
    ['1403-12-30', 1, '1404-01-30'], // out of a leap Esfand, over the year
    ['1404-12-15', 1, '1405-01-15'],
    ['1404-06-31', 6, '1404-12-29'],
    ['1405-03-10', 12, '1406-03-10'],
  ])('%s + %i month(s) = %s, same time of day', (from, months, to) => {
    expect(wallClock(addJalaliMonths(tehran(from, 10, 45), months))).toBe(`${to} 10:45`);
  });

  test('every day of 1395–1415 converts to an instant and back', () => {
    const leapYears: number[] = [];
    for (let year = 1395; year <= 1415; year++) {
      if (jalaliMonthLength(year, 12) === 30) leapYears.push(year);
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= jalaliMonthLength(year, month); day++) {
          expect(toJalali(jalaliToInstant({ year, month, day }, 10, 0))).toEqual({ year, month, day });
        }
      }
    }
    expect(leapYears).toEqual([1395, 1399, 1403, 1408, 1412]);
  });

  test('addLocalDays keeps the local time of day', () => {
    expect(wallClock(addLocalDays(tehran('1404-12-29', 23, 0), 1))).toBe('1405-01-01 23:00');
    expect(wallClock(addLocalDays(tehran('1405-07-01', 9, 0), 31))).toBe('1405-08-02 09:00');
  });
});

describe('addBusinessHours (Saturday–Wednesday 08–16, Thursday 08–12, Friday off)', () => {
  const add = (date: string, hour: number, hours: number, minute = 0) => wallClock(addBusinessHours(tehran(date, hour, minute), hours, calendar));

  test('inside one working period', () => {
    // 1405-07-05 is a Sunday.
    expect(add('1405-07-05', 9, 4)).toBe('1405-07-05 13:00');
    expect(add('1405-07-05', 9, 7)).toBe('1405-07-05 16:00');
    expect(add('1405-07-05', 9, 0.5)).toBe('1405-07-05 09:30');
  });

  test('across periods: what is left continues the next working morning', () => {
    expect(add('1405-07-05', 14, 10)).toBe('1405-07-06 16:00'); // 2 h Sunday, 8 h Monday
    expect(add('1405-07-05', 15, 2)).toBe('1405-07-06 09:00');
  });

  test('before and after hours count from the next opening', () => {
    expect(add('1405-07-05', 6, 1)).toBe('1405-07-05 09:00');
    expect(add('1405-07-05', 17, 1)).toBe('1405-07-06 09:00');
  });

  test('Thursday is a half day and Friday is off', () => {
    // Wednesday 1405-07-08 15:00: 1 h Wednesday, 4 h Thursday, Friday off, 1 h Saturday.
    expect(add('1405-07-08', 15, 6)).toBe('1405-07-11 09:00');
    expect(add('1405-07-09', 11, 2)).toBe('1405-07-11 09:00'); // Thursday 11:00
    expect(add('1405-07-10', 10, 1)).toBe('1405-07-11 09:00'); // Friday
  });

  test('holidays by Jalali date are skipped: Nowruz 1405-01-01..04', () => {
    // Thursday 1404-12-28 11:00: 1 h Thursday, Friday 29 Esfand, Nowruz Saturday–Tuesday, 1 h Wednesday.
    expect(add('1404-12-28', 11, 2)).toBe('1405-01-05 09:00');
    const withoutHolidays = businessCalendarSchema.parse({ week: DEFAULT_TEHRAN_WEEK });
    expect(wallClock(addBusinessHours(tehran('1404-12-28', 11), 2, withoutHolidays))).toBe('1405-01-01 09:00');
  });

  test('isHoliday reads the Jalali date of a Gregorian local day', () => {
    expect(isHoliday({ year: 2026, month: 3, day: 21 }, calendar)).toBe(true); // 1405-01-01
    expect(isHoliday({ year: 2026, month: 3, day: 24 }, calendar)).toBe(true); // 1405-01-04
    expect(isHoliday({ year: 2026, month: 3, day: 25 }, calendar)).toBe(false); // 1405-01-05
    expect(isHoliday({ year: 2026, month: 4, day: 2 }, calendar)).toBe(true); // 1405-01-13
  });

  test('computed in Asia/Tehran whatever the host time zone', () => {
    const start = tehran('1405-07-08', 15);
    const results = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati'].map((zone) => {
      process.env.TZ = zone;
      return {
        offset: new Date('2026-01-15T12:00:00Z').getTimezoneOffset(),
        due: addBusinessHours(start, 6, calendar).toISOString(),
        month: addJalaliMonths(start, 1).toISOString(),
        jalali: formatJalaliDate(toJalali(new Date('2026-03-20T21:00:00Z'))),
      };
    });
    // The host zone really changed…
    expect(new Set(results.map((r) => r.offset)).size).toBe(4);
    // …and the results did not.
    for (const result of results) {
      expect(result.due).toBe('2026-10-03T05:30:00.000Z'); // Saturday 1405-07-11 09:00 Tehran
      expect(result.month).toBe(tehran('1405-08-08', 15).toISOString());
      expect(result.jalali).toBe('1405-01-01');
    }
  });

  test('a calendar may work on any weekday, even only Fridays', () => {
    const fridays = { timeZone: 'Asia/Tehran', week: [{ day: 5, start: '08:00', end: '09:00' }], holidays: [] };
    expect(wallClock(addBusinessHours(tehran('1405-07-05', 9), 1, fridays))).toBe('1405-07-10 09:00');
    expect(wallClock(addBusinessHours(tehran('1405-07-05', 9), 1.5, fridays))).toBe('1405-07-17 08:30');
  });
});

describe('the feedback window is never shorter than one calendar month', () => {
  test.each([
    [{ months: 1 }],
    [{ months: 0, days: 31 }],
    [{ months: 1, days: 10 }],
  ])('policy %j, answered on every day of a year that holds a leap Esfand', (window) => {
    const feedback = feedbackPolicySchema.parse({ window });
    const lifecycle = createLifecycle({ ...env, feedback });
    const days = 366;
    let answeredAt = tehran('1403-06-01', 10, 30);
    for (let i = 0; i < days; i++) {
      const { snapshot } = lifecycle.start({ messageId: `W${i}`, system: '137', intakeUnitId: 'intake-137', at: answeredAt.toISOString() });
      const result = lifecycle.apply(snapshot, { type: 'ANSWER', text: 'x', at: answeredAt.toISOString(), actorRole: 'handler' });
      if (!result.ok) throw new Error(result.refusal.message);
      const w = result.snapshot.context.feedbackWindow;
      expect(w?.opensAt).toBe(answeredAt.toISOString());
      const closesAt = new Date(w?.closesAt ?? 0);
      // At least the same day (clamped) of the next Jalali month, at the same time of day.
      expect(closesAt.getTime()).toBeGreaterThanOrEqual(addJalaliMonths(answeredAt, 1).getTime());
      expect(closesAt.getTime() - answeredAt.getTime()).toBeGreaterThanOrEqual(29 * 24 * HOUR);
      answeredAt = addLocalDays(answeredAt, 1);
    }
  });
});
