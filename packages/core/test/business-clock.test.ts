/**
 * A lifecycle counts business hours through a clock that remembers each local day's working
 * periods. Whatever order days are asked in, it gives the same instants as `addBusinessHours`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBusinessClock } from '../src/business-calendar.js';
import { addBusinessHours, businessCalendarSchema, DEFAULT_TEHRAN_WEEK } from '../src/index.js';
import { calendar } from './fixtures.js';

/** Two periods on some days (a lunch break), none at the weekend, and holidays. */
const split = businessCalendarSchema.parse({
  week: [
    { day: 6, start: '13:00', end: '17:30' },
    { day: 6, start: '07:30', end: '12:00' },
    { day: 0, start: '08:00', end: '16:00' },
    { day: 3, start: '09:15', end: '09:45' },
  ],
  holidays: ['1405-01-01', '1405-01-02', '1405-07-08', '1405-07-15'],
});

const MIN = Date.parse('2026-01-01T00:00:00Z');
const MAX = Date.parse('2027-06-30T00:00:00Z');

describe('a business clock', () => {
  test.each([
    ['the test calendar', calendar],
    ['a calendar with breaks', split],
    ['the default week without holidays', businessCalendarSchema.parse({ week: DEFAULT_TEHRAN_WEEK })],
  ])('gives the instants addBusinessHours gives (%s)', (_name, subject) => {
    const clock = createBusinessClock(subject);
    fc.assert(
      fc.property(
        fc.integer({ min: MIN, max: MAX }),
        fc.oneof(fc.integer({ min: 0, max: 120 }), fc.double({ min: 0, max: 60, noNaN: true })),
        (ms, hours) => {
          const start = new Date(ms);
          expect(clock.addBusinessHours(start, hours).toISOString()).toBe(addBusinessHours(start, hours, subject).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('refuses a calendar without working time, as addBusinessHours does', () => {
    const never = { ...calendar, week: [] };
    expect(() => addBusinessHours(new Date(MIN), 1, never)).toThrow(RangeError);
    expect(() => createBusinessClock(never).addBusinessHours(new Date(MIN), 1)).toThrow(RangeError);
  });
});
