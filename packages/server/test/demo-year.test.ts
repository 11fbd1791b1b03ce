import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frequencyStatsSchema, feedbackStatsSchema } from '@payam/core';
import { openDatabase } from '../src/server.js';
import { loadCatalog } from '../src/config/catalog.js';
import { demoYear, loadDemoYear } from '../src/config/demo-year.js';
import { startTestServer, type TestServer } from './support/harness.js';

// The demo year ends with the test clock (29 November 2026, 8 Azar 1405): it covers the Jalali
// months from Azar 1404 to Azar 1405. A default start has no demo year: the other statistics
// suites count exact, hand-made messages.
const END = new Date('2026-11-29T06:00:00Z');

describe('a year of demo messages (--demo-year)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite', { demoYear: { messages: 3000, seed: 7, end: END } });
  }, 240_000);
  afterAll(() => s.close());

  const months = async (service: string) => {
    const response = await s.get(`/open311/v2/stats/frequency.json?bucket=month&from=1404-09-01&to=1405-08-30&service_code=${service}`);
    expect(response.status).toBe(200);
    const stats = frequencyStatsSchema.parse(await response.json());
    const byMonth = new Map<string, number>();
    for (const row of stats.rows) byMonth.set(row.period_jalali, (byMonth.get(row.period_jalali) ?? 0) + (row.count ?? 0));
    return (jalaliMonths: number[]) => jalaliMonths.reduce((sum, m) => sum + [...byMonth].filter(([k]) => Number(k.slice(5)) === m).reduce((a, [, n]) => a + n, 0), 0);
  };

  it('spreads the messages over all 22 districts and every month, with seasonal topics', async () => {
    const response = await s.get('/open311/v2/stats/frequency.json?bucket=year&from=1404-09-01&to=1405-08-30');
    const stats = frequencyStatsSchema.parse(await response.json());
    const regions = new Set(stats.rows.filter((r) => (r.count ?? 0) > 0).map((r) => r.region));
    expect(regions.size).toBe(22);
    const flooding = await months('flooding');
    const garbage = await months('garbage');
    const pothole = await months('pothole');
    const trees = await months('trees');
    // Spring floods, autumn leaves, winter ice (Dey–Bahman), summer trees: each at least twice the opposite season.
    expect(flooding([1, 2, 3])).toBeGreaterThan(2 * flooding([7, 8, 9]));
    expect(garbage([7, 8, 9])).toBeGreaterThan(2 * garbage([1, 2, 3]));
    expect(pothole([10, 11])).toBeGreaterThan(2 * pothole([4, 5]));
    expect(trees([4, 5, 6])).toBeGreaterThan(2 * trees([10, 11, 12]));
  });

  it('holds answered messages with feedback, and every message reads through the API', async () => {
    const response = await s.get('/staff/v1/stats/feedback?by=period&bucket=month&from=1404-09-01&to=1405-08-30', { authorization: 'Bearer demo-analyst' });
    const stats = feedbackStatsSchema.parse(await response.json());
    const answered = stats.groups?.reduce((n, g) => n + g.answered, 0) ?? 0;
    const feedback = stats.groups?.reduce((n, g) => n + g.feedback, 0) ?? 0;
    expect(answered).toBeGreaterThan(2000);
    expect(feedback / answered).toBeGreaterThan(0.3);
    expect(feedback / answered).toBeLessThan(0.6);
    const list = await s.get('/open311/v2/requests.json?status=closed');
    expect(list.status).toBe(200);
    const [closed] = (await list.json()) as { service_request_id: string }[];
    expect(closed).toBeDefined();
    const one = await s.get(`/open311/v2/requests/${closed!.service_request_id}.json`);
    expect(one.status).toBe(200);
    const staffView = await s.get(`/staff/v1/messages/${closed!.service_request_id}`, { authorization: 'Bearer demo-supervisor' });
    expect(staffView.status).toBe(200);
  });

  it('registers new messages after the demo year with the next numbers', async () => {
    const fresh = await s.submit();
    const number = Number(fresh.id.split('-')[1]);
    const list = await s.get('/open311/v2/requests.json?status=closed');
    const ids = ((await list.json()) as { service_request_id: string }[]).map((r) => Number(r.service_request_id.split('-')[1]));
    expect(number).toBeGreaterThan(Math.max(...ids));
  });

  it('is the same year from the same seed, and is written only once', async () => {
    const db = await openDatabase({ dataDir: null, demo: true });
    try {
      const catalog = await loadCatalog(db);
      const year = (seed: number) => JSON.stringify([...demoYear(catalog, 1000, { messages: 300, seed, end: END })]);
      expect(year(11)).toBe(year(11));
      expect(year(11)).not.toBe(year(12));
      expect(await loadDemoYear(db, catalog, { messages: 300, seed: 11, end: END })).toBe(300);
      expect(await loadDemoYear(db, catalog, { messages: 300, seed: 11, end: END })).toBe(0);
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages`)) as [{ n: number }];
      expect(n).toBe(300);
    } finally {
      await db.close();
    }
  }, 120_000);
});
