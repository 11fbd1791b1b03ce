import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, frequencyStatsSchema, type FrequencyStats } from '@payam/core';
import { BACKENDS, parseXml, startTestServer, type TestServer } from './support/harness.js';

const admin = { authorization: 'Bearer demo-admin', 'content-type': 'application/json' };

/**
 * Messages registered on both sides of the Tehran calendar's edges (Tehran is +03:30): the second
 * of each pair falls on the same UTC day as the first but on another local day, week, month or year.
 */
const REGISTERED = [
  '2026-12-04T20:00:00Z', // Friday 13 Azar 1405, 23:30
  '2026-12-04T21:00:00Z', // Saturday 14 Azar 1405, 00:30: a new day and a new week
  '2026-12-21T19:30:00Z', // 30 Azar 1405, 23:00
  '2026-12-21T20:40:00Z', // 1 Dey 1405, 00:10: a new month
  '2027-03-20T18:30:00Z', // 29 Esfand 1405, 22:00
  '2027-03-20T21:30:00Z', // 1 Farvardin 1406, 01:00: Nowruz, a new year
];

describe.each(BACKENDS)('frequency statistics on the Tehran calendar (%s)', (backend) => {
  let s: TestServer;
  const stats = async (query: string): Promise<FrequencyStats> => {
    const response = await s.get(`/open311/v2/stats/frequency.json?jurisdiction_id=137&service_code=pothole&${query}`);
    expect(response.status, query).toBe(200);
    return frequencyStatsSchema.parse(await response.json());
  };
  const counts = (body: FrequencyStats) => Object.fromEntries(body.rows.map((r) => [r.period_jalali, r.count]));
  const setMinimum = async (minimumCount: number) => {
    const response = await fetch(`${s.url}/staff/v1/policies`, { method: 'PATCH', headers: admin, body: JSON.stringify({ statistics: { minimumCount } }) });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    s = await startTestServer(backend);
    for (const at of REGISTERED) {
      s.clock.ms = Date.parse(at);
      await s.submit({ region: '6', lat: undefined, long: undefined });
      // A confidential 1888 message at the same moment is never counted.
      await s.submit({ api_key: 'demo', jurisdiction_id: '1888', service_code: 'staff-misconduct', region: '6', lat: undefined, long: undefined, description: 'The clerk asked for money to move my file.' });
    }
    s.clock.ms = Date.parse('2027-04-01T06:00:00Z');
    await setMinimum(1);
  }, 240_000);
  afterAll(() => s.close());

  it('cuts days at local midnight and weeks between Friday and Saturday', async () => {
    const days = await stats('bucket=day&from=1405-09-13&to=1405-09-14');
    expect(days.periods.map((p) => [p.period_jalali, p.period])).toEqual([
      ['1405-09-13', '2026-12-04'],
      ['1405-09-14', '2026-12-05'],
    ]);
    expect(counts(days)).toEqual({ '1405-09-13': 1, '1405-09-14': 1 });
    const weeks = await stats('bucket=week&from=1405-09-07&to=1405-09-20');
    expect(counts(weeks)).toEqual({ '1405-09-07': 1, '1405-09-14': 1 });
    // A Gregorian date is a Tehran day too: 2026-12-04 holds only the Friday-night message.
    expect(counts(await stats('bucket=day&from=2026-12-04&to=2026-12-04'))).toEqual({ '1405-09-13': 1 });
  });

  it('counts Jalali months and years, Esfand and Nowruz apart', async () => {
    const months = await stats('bucket=month&from=۱۴۰۵/۰۹/۰۱&to=1406-01-31');
    expect(months.periods.map((p) => p.period_jalali)).toEqual(['1405-09', '1405-10', '1405-11', '1405-12', '1406-01']);
    expect(counts(months)).toEqual({ '1405-09': 3, '1405-10': 1, '1405-12': 1, '1406-01': 1 });
    expect(counts(await stats('bucket=year&from=1405-01-01&to=1406-12-29'))).toEqual({ '1405': 5, '1406': 1 });
  });

  it('filters by service group and status, and never counts a private message', async () => {
    const range = 'bucket=year&from=1405-01-01&to=1406-12-29';
    expect(counts(await stats(`${range}&service_group=roads`))).toEqual({ '1405': 5, '1406': 1 });
    expect(counts(await stats(`${range}&service_group=${encodeURIComponent('معابر')}&status=open`))).toEqual({ '1405': 5, '1406': 1 });
    expect((await stats(`${range}&service_group=Lighting`)).rows).toEqual([]);
    expect((await stats(`${range}&status=closed`)).rows).toEqual([]);
    const all = await s.get(`/open311/v2/stats/frequency.json?${range}`);
    const rows = frequencyStatsSchema.parse(await all.json()).rows;
    expect(rows.reduce((n, r) => n + (r.count ?? 0), 0)).toBe(REGISTERED.length);
    expect(rows.every((r) => r.service_code === 'pothole')).toBe(true);
  });

  it('suppresses counts under the minimum and says so', async () => {
    await setMinimum(2);
    try {
      const months = await stats('bucket=month&from=1405-09-01&to=1406-01-31');
      expect(months.minimum_count).toBe(2);
      expect(months.rows.map((r) => [r.period_jalali, r.count, r.suppressed])).toEqual([
        ['1405-09', 3, false],
        ['1405-10', null, true],
        ['1405-12', null, true],
        ['1406-01', null, true],
      ]);
      const xml = parseXml(await (await s.get('/open311/v2/stats/frequency.xml?jurisdiction_id=137&bucket=month&from=1405-09-01&to=1405-10-30')).text());
      expect(JSON.stringify(xml)).toContain('1405-10');
    } finally {
      await setMinimum(1);
    }
  });

  it('answers a date or range it cannot use with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['from=1405-12-30', 'from'], // 1405 is not a leap year
      ['to=2026-02-30', 'to'],
      ['from=yesterday', 'from'],
      ['bucket=decade', 'bucket'],
      ['bucket=day&from=1380-01-01&to=1405-01-01', 'bucket'],
    ] as const) {
      const response = await s.get(`/open311/v2/stats/frequency.json?${query}`, { 'accept-language': 'en' });
      expect(response.status, query).toBe(400);
      const [error] = apiErrorSchema.parse(await response.json());
      expect(error?.field, query).toBe(field);
    }
  });

  it('counts matters (first messages) beside messages: a duplicate is one more message, not one more matter', async () => {
    s.clock.ms = Date.parse('2027-05-10T06:00:00Z'); // 20 Ordibehesht 1406
    const first = await s.submit({ region: '6', lat: undefined, long: undefined });
    const again = await s.submit({ region: '6', lat: undefined, long: undefined });
    expect((await s.act(again.id, 'link', { firstMessageId: first.id })).status).toBe(200);
    const range = 'bucket=month&from=1406-02-01&to=1406-02-31';
    expect(counts(await stats(range))).toEqual({ '1406-02': 2 });
    expect(counts(await stats(`${range}&count=messages`))).toEqual({ '1406-02': 2 });
    expect(counts(await stats(`${range}&count=matters`))).toEqual({ '1406-02': 1 });
    const response = await s.get('/open311/v2/stats/frequency.json?count=people', { 'accept-language': 'en' });
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json())[0]?.field).toBe('count');
  });
});
