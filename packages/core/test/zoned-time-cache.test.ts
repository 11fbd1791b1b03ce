import { describe, expect, it } from 'vitest';
import { offsetMinutes, toJalali, zonedParts } from '../src/index.js';

// zonedParts and toJalali answer from caches; they must agree with Intl at every instant,
// across daylight-saving changes (Tehran kept DST until 2022; New York still does).
function intlParts(instant: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  const p = Object.fromEntries(f.formatToParts(instant).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
}

function intlJalali(instant: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(instant).filter((x) => ['year', 'month', 'day'].includes(x.type)).map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day };
}

describe('cached zoned time', () => {
  const cases: [string, string, string][] = [
    ['Asia/Tehran', '2021-03-21T18:00:00Z', '2021-03-22T00:00:00Z'], // DST began 1400-01-02 00:00
    ['Asia/Tehran', '2021-09-21T17:00:00Z', '2021-09-21T22:00:00Z'], // DST ended
    ['America/New_York', '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z'],
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z'],
    ['Asia/Tehran', '2026-03-20T18:00:00Z', '2026-03-21T02:00:00Z'], // Nowruz 1405
  ];
  it.each(cases)('agrees with Intl minute by minute in %s from %s', (zone, from, to) => {
    for (let t = Date.parse(from); t <= Date.parse(to); t += 7 * 60_000) {
      const instant = new Date(t);
      const { weekday: _w, ...parts } = zonedParts(instant, zone);
      expect(parts, instant.toISOString()).toEqual(intlParts(instant, zone));
      expect(toJalali(instant, zone), instant.toISOString()).toEqual(intlJalali(instant, zone));
    }
  });

  it('knows Tehran is UTC+03:30 since DST ended', () => {
    expect(offsetMinutes(new Date('2026-06-01T12:00:00Z'), 'Asia/Tehran')).toBe(210);
    expect(offsetMinutes(new Date('2021-06-01T12:00:00Z'), 'Asia/Tehran')).toBe(270);
  });

  it('returns a fresh object each time, so a caller cannot corrupt the cache', () => {
    const instant = new Date('2026-01-01T12:00:00Z');
    const first = toJalali(instant);
    first.day = 99;
    expect(toJalali(instant).day).not.toBe(99);
  });
});
