import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackStatsSchema, type FeedbackGroup } from '@payam/core';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const auth = (token: string, lang = 'en') => ({ authorization: `Bearer ${token}`, 'accept-language': lang });
const measures = ({ answered, feedback, responseRate, resolved, averageRating, closedWithoutFeedback, reopened }: FeedbackGroup) => ({
  answered,
  feedback,
  responseRate,
  resolved,
  averageRating,
  closedWithoutFeedback,
  reopened,
});

/**
 * Four public messages answered across two Jalali months, with every outcome the analytics count,
 * and one confidential message: hand-computed below.
 *  A pothole, region 6: answered 8 Azar 1405, feedback yes 5.
 *  B pothole, region 6: answered 8 Azar, feedback no 1 (reopened), answered again 4 Dey, window closed unanswered.
 *  C garbage, region 7: answered 8 Azar, window closed without feedback.
 *  E pothole, region 6: answered 4 Dey, feedback partly 3.
 *  D garbage, region 7: never answered, so never counted.
 */
describe.each(BACKENDS)('feedback analytics by unit, service, region and Jalali period (%s)', (backend) => {
  let s: TestServer;
  const analytics = async (query: string, token = 'demo-analyst') => {
    const response = await s.get(`/staff/v1/stats/feedback?${query}`, auth(token));
    expect(response.status, query).toBe(200);
    return feedbackStatsSchema.parse(await response.json());
  };
  const feedback = (m: { id: string; token: string }, resolved: string, rating: number) =>
    s.postJson(`/open311/v2/requests/${m.id}/feedback.json`, { resolved, rating }, { 'x-citizen-token': m.token }).then((r) => expect(r.status).toBe(200));
  const answer = (id: string) => s.act(id, 'answer', { text: 'Done.' }).then((r) => expect(r.status).toBe(200));

  beforeAll(async () => {
    s = await startTestServer(backend);
    const pothole = { service_code: 'pothole', region: '6', lat: undefined, long: undefined };
    const garbage = { service_code: 'garbage', attribute: { waste_kind: 'bulky' }, region: '7', lat: undefined, long: undefined };
    const a = await s.submit(pothole);
    const b = await s.submit(pothole);
    const c = await s.submit(garbage);
    await s.submit(garbage);
    const e = await s.submit(pothole);
    const complaint = await s.submit({ jurisdiction_id: '1888', service_code: 'staff-misconduct', region: '6', lat: undefined, long: undefined, description: 'The clerk asked for money.' });
    for (const m of [a, b, c, complaint]) await answer(m.id);
    await feedback(a, 'yes', 5);
    await feedback(b, 'no', 1);
    await feedback(complaint, 'yes', 4);
    s.clock.ms = Date.parse('2026-12-25T06:00:00Z'); // 4 Dey 1405
    await answer(b.id);
    await answer(e.id);
    await feedback(e, 'partly', 3);
    s.clock.ms = Date.parse('2027-02-05T06:00:00Z'); // 16 Bahman 1405: every window has closed
    await s.runWorker();
  }, 240_000);
  afterAll(() => s.close());

  it('counts by Jalali month the messages answered in it and what followed', async () => {
    const stats = await analytics('by=period&bucket=month&from=1405-09-01&to=1405-11-30&jurisdiction_id=137');
    expect(stats.by).toEqual(['period']);
    expect(stats.groups?.map((g) => [g.period_jalali, measures(g)])).toEqual([
      ['1405-09', { answered: 3, feedback: 2, responseRate: 0.667, resolved: { yes: 1, partly: 0, no: 1 }, averageRating: 3, closedWithoutFeedback: 2, reopened: 1 }],
      ['1405-10', { answered: 1, feedback: 1, responseRate: 1, resolved: { yes: 0, partly: 1, no: 0 }, averageRating: 3, closedWithoutFeedback: 0, reopened: 0 }],
    ]);
  });

  it('breaks down by service and region together', async () => {
    const stats = await analytics('by=service,region&from=1405-09-01&to=1405-11-30&jurisdiction_id=137');
    expect(stats.groups?.map((g) => [g.service_code, g.region, measures(g)])).toEqual([
      ['garbage', '7', { answered: 1, feedback: 0, responseRate: 0, resolved: { yes: 0, partly: 0, no: 0 }, averageRating: null, closedWithoutFeedback: 1, reopened: 0 }],
      ['pothole', '6', { answered: 3, feedback: 3, responseRate: 1, resolved: { yes: 1, partly: 1, no: 1 }, averageRating: 3, closedWithoutFeedback: 1, reopened: 1 }],
    ]);
  });

  it('counts only what the caller may count: a district handler never sees the 1888 line', async () => {
    const range = 'by=system&from=1405-09-01&to=1405-11-30';
    const supervisor = await analytics(range, 'demo-supervisor');
    expect(supervisor.groups?.find((g) => g.system === '1888')).toMatchObject({ answered: 1, feedback: 1, averageRating: 4 });
    const handler = await analytics(range, 'demo-handler');
    expect(handler.groups?.map((g) => g.system)).not.toContain('1888');
    // The groups by unit add up to the whole.
    const byUnit = await analytics('by=unit&from=1405-09-01&to=1405-11-30', 'demo-supervisor');
    expect(byUnit.groups?.reduce((n, g) => n + g.answered, 0)).toBe(5);
    expect(byUnit.groups?.every((g) => typeof g.unit_id === 'string')).toBe(true);
  });

  it('gives the same analytics as CSV, with names in the caller’s language', async () => {
    const response = await s.get('/staff/v1/stats/feedback.csv?by=service&from=1405-09-01&to=1405-11-30&jurisdiction_id=137', auth('demo-analyst', 'fa'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('خدمت,پاسخ‌داده‌شده,بازخورد دریافت‌شده,نرخ بازخورد,رفع شده,تا حدی رفع شده,رفع نشده,میانگین امتیاز,مهلت بازخورد بی‌پاسخ بسته شد,بازگشایی‌شده');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => /,3,3,1,1,1,1,3,1,1$/.test(line))).toBe(true);
    expect((await s.get('/staff/v1/stats/feedback.csv', auth('demo-handler'))).status).toBe(200);
    expect((await s.get('/staff/v1/stats/feedback.csv')).status).toBe(401);
  });

  it('refuses an unknown dimension or a date it cannot read, naming the parameter', async () => {
    for (const [query, field] of [
      ['by=colour', 'by'],
      ['from=1405-12-30', 'from'],
      ['bucket=day&by=period&from=1380-01-01&to=1405-01-01', 'bucket'],
    ] as const) {
      const response = await s.get(`/staff/v1/stats/feedback?${query}`, auth('demo-analyst'));
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { field: string }[])[0]?.field).toBe(field);
    }
  });
});
