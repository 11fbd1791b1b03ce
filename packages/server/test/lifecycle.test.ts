import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, frequencyStatsSchema, open311RequestSchema, suggestionFeedSchema, translate, type Open311Request } from '@payam/core';
import { z } from 'zod';
import { BACKENDS, CITIZEN, parseXml, startTestServer, type TestServer } from './support/harness.js';
import type { NotificationAdapters } from '../src/index.js';

const DAY = 86_400_000;

describe.each(BACKENDS)('citizen lifecycle, deadlines and outbox on %s', (backend) => {
  let s: TestServer;
  const sent: { sms: { to: string; text: string; idempotencyKey: string }[]; unit: { kind: string; unitId: string; messageId: string }[] } = { sms: [], unit: [] };
  const adapters: Partial<NotificationAdapters> = {
    sms: { send: async (sms) => void sent.sms.push(sms) },
    unit: { send: async (n) => void sent.unit.push(n) },
  };
  beforeAll(async () => {
    s = await startTestServer(backend, { adapters });
  });
  afterAll(() => s.close());

  async function view(id: string, token?: string, lang = 'en'): Promise<Open311Request> {
    const response = await s.get(`/open311/v2/requests/${id}.json?extensions=true`, { 'accept-language': lang, ...(token ? { 'x-citizen-token': token } : {}) });
    expect(response.status).toBe(200);
    return z.array(open311RequestSchema).parse(await response.json())[0]!;
  }

  it('takes follow-ups before the answer and refuses feedback then, with the reason', async () => {
    const { id, token } = await s.submit();
    const followUp = await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'It got deeper after the rain.' }, { 'x-citizen-token': token });
    expect(followUp.status).toBe(200);
    const [updated] = z.array(open311RequestSchema).parse(await followUp.json());
    expect(updated?.notes?.map((n) => n.type)).toEqual(['registered', 'follow_up']);
    expect(updated?.notes?.[1]?.description).toBe('It got deeper after the rain.');
    const form = await s.postForm(`/open311/v2/requests/${id}/follow_ups.json`, `citizen_token=${token}&text=${encodeURIComponent('Still there.')}`);
    expect(form.status).toBe(200);
    const early = await s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'yes', rating: 5 }, { 'x-citizen-token': token, 'accept-language': 'en' });
    expect(early.status).toBe(409);
    const [error] = apiErrorSchema.parse(await early.json());
    expect(error?.refusal).toBe('feedback_before_answer');
    expect(error?.description).toMatch(/not been answered/);
  });

  it('refuses a wrong or missing token with 403 and bad bodies with 400', async () => {
    const { id, token } = await s.submit();
    expect((await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'x' }, { 'x-citizen-token': 'nope' })).status).toBe(403);
    expect((await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'x' })).status).toBe(403);
    const empty = await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: '   ' }, { 'x-citizen-token': token });
    expect(empty.status).toBe(400);
    expect(apiErrorSchema.parse(await empty.json())[0]?.field).toBe('text');
    const html = await s.postJson(`/open311/v2/requests/${id}/follow_ups.xml`, { text: '<img src=x onerror=alert(1)>' }, { 'x-citizen-token': token });
    expect(html.status).toBe(400);
    expect(await html.text()).toContain('<errors>');
    const rating = await s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'maybe', rating: 9 }, { 'x-citizen-token': token });
    expect(rating.status).toBe(400);
    expect((await s.postJson('/open311/v2/requests/137-424242/follow_ups.json', { text: 'x' }, { 'x-citizen-token': token })).status).toBe(404);
  });

  it('opens a feedback window of at least a month at the answer, takes feedback in it and refuses it after', async () => {
    const a = await s.submit({ ...CITIZEN });
    const b = await s.submit({ ...CITIZEN });
    for (const { id } of [a, b]) {
      expect((await s.act(id, 'answer', { text: 'Repaired on Monday.' })).status).toBe(200);
    }
    const answered = await view(a.id, undefined, 'en');
    expect(answered.status).toBe('closed');
    expect(answered.status_notes).toBe('Repaired on Monday.');
    expect(answered.extended_attributes?.detailed_status).toBe('answered');
    expect(answered.extended_attributes?.accepts).toBe('feedback');
    const window = answered.extended_attributes?.feedback_window;
    expect(window?.open).toBe(true);
    expect(Date.parse(window!.closes_at) - Date.parse(window!.opens_at)).toBeGreaterThanOrEqual(29 * DAY);
    const refusedFollowUp = await s.postJson(`/open311/v2/requests/${a.id}/follow_ups.json`, { text: 'Thanks' }, { 'x-citizen-token': a.token });
    expect(refusedFollowUp.status).toBe(409);
    expect(apiErrorSchema.parse(await refusedFollowUp.json())[0]?.refusal).toBe('follow_up_after_answer');

    const feedback = await s.postJson(`/open311/v2/requests/${a.id}/feedback.json`, { resolved: 'yes', rating: '4', comment: 'Quick work.' }, { 'x-citizen-token': a.token });
    expect(feedback.status).toBe(200);
    const [closed] = z.array(open311RequestSchema).parse(await feedback.json());
    expect(closed?.extended_attributes?.detailed_status).toBe('closed');
    expect(closed?.extended_attributes?.accepts).toBe('nothing');

    s.clock.advance(32 * DAY);
    const late = await s.postJson(`/open311/v2/requests/${b.id}/feedback.json`, { resolved: 'yes', rating: 3 }, { 'x-citizen-token': b.token, 'accept-language': 'en' });
    expect(late.status).toBe(409);
    const [error] = apiErrorSchema.parse(await late.json());
    expect(error?.refusal).toBe('feedback_window_closed');
    expect(error?.description).toMatch(/closed on \d{4}-\d{2}-\d{2}/);
    expect((await view(b.id)).extended_attributes?.feedback_window?.open).toBe(false);
    const run = await s.runWorker();
    expect(run.deadlines).toBeGreaterThan(0);
    expect((await view(b.id)).extended_attributes?.detailed_status).toBe('closed');
    // Each answered citizen with a phone got a feedback invitation by SMS, in Persian by default.
    const invitations = sent.sms.filter((m) => m.idempotencyKey.includes('feedback_invitation'));
    expect(invitations.map((m) => m.idempotencyKey)).toEqual(expect.arrayContaining([`${a.id}:feedback_invitation:1:sms`, `${b.id}:feedback_invitation:1:sms`]));
    expect(invitations[0]?.to).toBe(CITIZEN.normalized);
    // Delivered once: a second run sends nothing again.
    const count = sent.sms.length;
    await s.runWorker();
    expect(sent.sms.length).toBe(count);
  });

  it('reopens the message when feedback says the problem remains', async () => {
    const { id, token } = await s.submit();
    await s.act(id, 'refer', { unitId: 'district-6-technical' });
    await s.act(id, 'answer', { text: 'Fixed.' });
    const response = await s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'no', rating: 1, comment: 'Not fixed at all.' }, { 'x-citizen-token': token });
    expect(response.status).toBe(200);
    const current = await view(id);
    expect(current.extended_attributes?.detailed_status).toBe('reopened');
    expect(current.extended_attributes?.accepts).toBe('follow_up');
    expect(current.notes?.map((n) => n.type)).toContain('reopened');
  });

  it('escalates a message whose deadline passes, up the tree, then flags it overdue and tells the supervisor', async () => {
    const { id } = await s.submit();
    const before = await view(id);
    const due = Date.parse(before.extended_attributes!.stage_due_datetime!);
    expect(due).toBeGreaterThan(s.clock.ms);
    s.clock.ms = due + 60_000;
    const run = await s.runWorker();
    expect(run.deadlines).toBeGreaterThanOrEqual(1);
    const escalated = await view(id);
    expect(escalated.extended_attributes?.detailed_status).toBe('escalated');
    expect(escalated.extended_attributes?.escalation_level).toBe(1);
    expect(escalated.agency_responsible).toBe('Tehran Municipality');
    const note = escalated.notes?.find((n) => n.type === 'escalated');
    expect(note?.summary).toContain('Tehran Municipality');
    expect(Date.parse(escalated.extended_attributes!.stage_due_datetime!)).toBeGreaterThan(due);
    // Running again before the new deadline changes nothing.
    await s.runWorker();
    expect((await view(id)).extended_attributes?.escalation_level).toBe(1);

    s.clock.ms = Date.parse(escalated.extended_attributes!.stage_due_datetime!) + 60_000;
    await s.runWorker();
    const overdue = await view(id, undefined, 'fa');
    expect(overdue.extended_attributes?.detailed_status).toBe('overdue');
    expect(overdue.extended_attributes?.detailed_status_label).toBe(translate('fa', 'status.overdue.label'));
    expect(sent.unit.some((n) => n.kind === 'overdue' && n.messageId === id && n.unitId === 'municipality')).toBe(true);
  });

  it('publishes a consented suggestion on the feed without personal data, and nothing without consent', async () => {
    const consented = await s.submit({ ...CITIZEN, service_code: 'city-idea', description: 'Benches along the Valiasr sidewalk.', suggestion: 'true', consent_text_version: 'participation-v2', lat: undefined, long: undefined, region: '6' });
    const silent = await s.submit({ service_code: 'city-idea', description: 'Plant more plane trees.', suggestion: true });
    expect((await view(consented.id)).extended_attributes?.suggestion).toEqual({ published: false, url: null, consented: true });
    // Sent as a suggestion without consent: still a suggestion, simply never published.
    expect((await view(silent.id)).extended_attributes?.suggestion).toEqual({ published: false, url: null, consented: false });
    await s.runWorker();
    const feedResponse = await s.get('/open311/v2/suggestions.json?lang=en');
    const text = await feedResponse.text();
    const feed = suggestionFeedSchema.parse(JSON.parse(text));
    const item = feed.find((x) => x.service_request_id === consented.id);
    expect(item?.description).toBe('Benches along the Valiasr sidewalk.');
    expect(item?.service_name).toBe('An idea for the neighbourhood');
    expect(item?.url).toContain('/open311/v2/suggestions.json');
    expect(feed.find((x) => x.service_request_id === silent.id)).toBeUndefined();
    for (const secret of ['9121234567', CITIZEN.first_name, CITIZEN.email, consented.token]) expect(text).not.toContain(secret);
    const published = await view(consented.id);
    expect(published.extended_attributes?.suggestion?.published).toBe(true);
    expect(published.notes?.map((n) => n.type)).toContain('suggestion_published');
    expect(sent.sms.some((m) => m.idempotencyKey === `${consented.id}:suggestion_published:sms`)).toBe(true);
    const xml = parseXml(await (await s.get('/open311/v2/suggestions.xml')).text()) as { suggestions: { suggestion: unknown } };
    expect(xml.suggestions.suggestion).toBeTruthy();
  });

  it('counts messages by region, service and period for the map', async () => {
    await s.submit({ service_code: 'garbage', attribute: { waste_kind: ['household'] }, region: '7', lat: undefined, long: undefined });
    await s.submit({ service_code: 'garbage', attribute: { waste_kind: 'bulky' }, region: '7', lat: undefined, long: undefined });
    const response = await s.get(`/open311/v2/stats/frequency.json?bucket=month&region=7&service_code=garbage&to=${new Date(s.clock.ms + DAY).toISOString()}`);
    expect(response.status).toBe(200);
    const stats = frequencyStatsSchema.parse(await response.json());
    expect(stats.bucket).toBe('month');
    expect(stats.rows).toHaveLength(1);
    // Two messages are under the published minimum (5): the cell is there, its count is not.
    expect(stats.rows[0]).toMatchObject({ region: '7', service_code: 'garbage', count: null, suppressed: true });
    expect(stats.rows[0]?.period_jalali).toMatch(/^\d{4}-\d{2}$/);
    const all = frequencyStatsSchema.parse(await (await s.get('/open311/v2/stats/frequency.json?jurisdiction_id=137&bucket=week')).json());
    expect(all.rows.length).toBeGreaterThan(0);
    expect((await s.get('/open311/v2/stats/frequency.json?bucket=decade')).status).toBe(400);
    expect((await s.get('/open311/v2/stats/frequency.json?from=yesterday')).status).toBe(400);
    const xml = await s.get('/open311/v2/stats/frequency.xml?region=7');
    expect(await xml.text()).toContain('<frequency>');
  });
});
