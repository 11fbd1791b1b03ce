import { describe, expect, it } from 'vitest';
import { calendarPeriod, parseStatisticsDate, periodStart, periodsBetween } from '../src/index.js';

// Tehran keeps +03:30 all year (no daylight saving since 1401).
const tehran = (local: string) => new Date(`${local}+03:30`);

describe('statistics periods on the Tehran calendar', () => {
  it('cuts days at local midnight, not at UTC midnight', () => {
    expect(periodStart(tehran('2025-12-05T23:59:00'), 'day').toISOString()).toBe('2025-12-04T20:30:00.000Z');
    expect(periodStart(tehran('2025-12-06T00:01:00'), 'day').toISOString()).toBe('2025-12-05T20:30:00.000Z');
  });

  it('starts weeks on Saturday: Friday 14 Azar 1404 and Saturday 15 Azar 1404 are in different weeks', () => {
    const friday = periodStart(tehran('2025-12-05T12:00:00'), 'week');
    const saturday = periodStart(tehran('2025-12-06T09:00:00'), 'week');
    expect(calendarPeriod(friday, 'week').jalali).toBe('1404-09-08');
    expect(calendarPeriod(saturday, 'week')).toMatchObject({ jalali: '1404-09-15', iso: '2025-12-06' });
    expect(saturday.getTime() - friday.getTime()).toBe(7 * 86_400_000);
  });

  it('uses Jalali months: 30 Azar and 1 Dey 1404 are in different months', () => {
    const azar = calendarPeriod(periodStart(tehran('2025-12-21T22:00:00'), 'month'), 'month');
    const dey = calendarPeriod(periodStart(tehran('2025-12-22T01:00:00'), 'month'), 'month');
    expect(azar).toMatchObject({ jalali: '1404-09', iso: '2025-11-22' });
    expect(azar.end.getTime()).toBe(dey.start.getTime());
    expect(dey).toMatchObject({ jalali: '1404-10', iso: '2025-12-22' });
  });

  it('ends a leap Esfand on its 30th day and starts the year at Nowruz', () => {
    const esfand = calendarPeriod(periodStart(tehran('2025-03-20T23:00:00'), 'month'), 'month');
    expect(esfand.jalali).toBe('1403-12');
    expect((esfand.end.getTime() - esfand.start.getTime()) / 86_400_000).toBe(30);
    const year = calendarPeriod(periodStart(tehran('2025-03-21T00:00:00'), 'year'), 'year');
    expect(year).toMatchObject({ jalali: '1404', iso: '2025-03-21' });
    expect((year.end.getTime() - year.start.getTime()) / 86_400_000).toBe(365);
  });

  it('lists the periods overlapping a range, each ending where the next begins', () => {
    const months = periodsBetween(tehran('2025-03-21T00:00:00'), tehran('2026-03-21T00:00:00'), 'month');
    expect(months.map((m) => m.jalali)).toEqual(Array.from({ length: 12 }, (_, i) => `1404-${String(i + 1).padStart(2, '0')}`));
    for (let i = 1; i < months.length; i++) expect(months[i]!.start).toEqual(months[i - 1]!.end);
    expect(() => periodsBetween(new Date('2000-01-01'), new Date('2030-01-01'), 'day', 'Asia/Tehran', 100)).toThrow(RangeError);
  });

  it('reads Jalali, Gregorian and ISO dates, Persian digits included, and refuses impossible ones', () => {
    expect(parseStatisticsDate('1404/09/30')?.toISOString()).toBe('2025-12-20T20:30:00.000Z');
    expect(parseStatisticsDate('۱۴۰۴-۰۹-۳۰', 'Asia/Tehran', true)?.toISOString()).toBe('2025-12-21T20:30:00.000Z');
    expect(parseStatisticsDate('2025-12-21')?.toISOString()).toBe('2025-12-20T20:30:00.000Z');
    expect(parseStatisticsDate('2025-12-21T10:00:00Z')?.toISOString()).toBe('2025-12-21T10:00:00.000Z');
    expect(parseStatisticsDate('1403-12-30')?.toISOString()).toBe('2025-03-19T20:30:00.000Z');
    for (const bad of ['1404-12-30', '1404-07-31', '2025-02-30', '2025-13-01', 'yesterday', '2025-12-21T10:00']) {
      expect(parseStatisticsDate(bad), bad).toBeNull();
    }
  });
});
