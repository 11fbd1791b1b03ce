import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { apiErrorSchema, feedbackStatsSchema, open311RequestSchema, staffMessageSchema, staffQueueSchema, STAFF_ACTIONS, translate } from '@payam/core';
import { z } from 'zod';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(BACKENDS)('staff API on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  async function message(id: string, token = 'demo-admin') {
    const response = await s.get(`/staff/v1/messages/${id}`, auth(token));
    expect(response.status).toBe(200);
    return staffMessageSchema.parse(await response.json());
  }

  it('refuses requests without a valid bearer token with 401', async () => {
    expect((await s.get('/staff/v1/queue')).status).toBe(401);
    expect((await s.get('/staff/v1/queue', auth('nope'))).status).toBe(401);
    const bad = await s.get('/staff/v1/queue', { authorization: 'Basic xyz' });
    expect(bad.status).toBe(401);
    apiErrorSchema.parse(await bad.json());
  });

  it('refuses control characters in staff texts with a 400 that names the field, in the caller’s language', async () => {
    const { id } = await s.submit();
    const answer = await s.postJson(`/staff/v1/messages/${id}/actions/note?lang=en`, { text: 'Called the citizen.\u001b[31m' }, auth('demo-admin'));
    expect(answer.status).toBe(400);
    const [error] = apiErrorSchema.parse(await answer.json());
    expect(error).toMatchObject({ field: 'text', description: expect.stringMatching(/control character/) });
    const fa = await s.postJson(`/staff/v1/messages/${id}/actions/triage`, { note: 'x\u0000y' }, auth('demo-admin'));
    expect(fa.status).toBe(400);
    expect(apiErrorSchema.parse(await fa.json())[0]).toMatchObject({ field: 'note', description: expect.stringMatching(/نویسه/) });
    // Nothing was written.
    const message = await s.get(`/staff/v1/messages/${id}`, auth('demo-admin'));
    const timeline = staffMessageSchema.parse(await message.json()).timeline;
    expect(timeline.some((e) => e.type === 'note')).toBe(false);
  });

  it('does not grow its token cache with made-up bearer tokens', async () => {
    expect((await s.get('/staff/v1/queue', auth('demo-operator'))).status).toBe(200);
    const before = s.cacheSizes().staffTokens;
    expect(before).toBeGreaterThanOrEqual(1);
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => s.get('/staff/v1/queue', auth(`made-up-${Math.random().toString(36).slice(2)}${round}`))),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
    }
    expect(s.cacheSizes().staffTokens).toBe(before);
  });

  it('takes a message through triage, referral by routing rule, start and answer', async () => {
    const { id } = await s.submit({ service_code: 'streetlight', attribute: { lamp_state: 'off' }, lat: 35.725, long: 51.402 });
    const triaged = await s.act(id, 'triage', { note: 'Looks urgent.' }, 'demo-operator');
    expect(triaged.status).toBe(200);
    const afterTriage = staffMessageSchema.parse(await triaged.json());
    expect(afterTriage.state).toBe('triage');
    expect(afterTriage.timeline.find((e) => e.type === 'note')?.visibility).toBe('staff');
    // Refer without a unit: the routing rule picks the district's technical unit from the region.
    const referred = staffMessageSchema.parse(await (await s.act(id, 'refer', {}, 'demo-operator')).json());
    expect(referred.unitId).toBe('district-6-technical');
    expect(referred.publicStatus).toBe('referred');
    expect(referred.deadline?.stage).toBe('referral');
    const started = staffMessageSchema.parse(await (await s.act(id, 'start', { note: 'Crew sent.' }, 'demo-handler')).json());
    expect(started.state).toBe('inProgress');
    const contact = staffMessageSchema.parse(await (await s.act(id, 'contact-attempt', { outcome: 'no_answer', note: 'Rang twice.' }, 'demo-handler')).json());
    expect(contact.publicStatus).toBe('in_progress');
    const noted = staffMessageSchema.parse(await (await s.act(id, 'note', { text: 'Needs a new lamp.' }, 'demo-handler')).json());
    expect(noted.timeline.at(-1)).toMatchObject({ type: 'note', visibility: 'staff', text: 'Needs a new lamp.', actorRole: 'handler' });
    const answered = staffMessageSchema.parse(await (await s.act(id, 'answer', { text: 'The lamp was replaced.' }, 'demo-handler')).json());
    expect(answered.state).toBe('answered');
    expect(answered.feedbackWindow).not.toBeNull();
    // Staff notes never reach the public timeline; the contact attempt is history, not a status.
    const [pub] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json());
    const publicText = JSON.stringify(pub);
    expect(publicText).not.toContain('Needs a new lamp.');
    expect(publicText).not.toContain('Rang twice.');
    expect(publicText).not.toContain('Looks urgent.');
    expect(pub?.notes?.map((n) => n.type)).toContain('contact_attempt');
  });

  it('rejects (not actionable) with a reason the citizen sees', async () => {
    const { id } = await s.submit();
    const rejected = staffMessageSchema.parse(await (await s.act(id, 'reject', { text: 'This road belongs to the ministry.' })).json());
    expect(rejected.publicStatus).toBe('not_actionable');
    const [pub] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json());
    expect(pub?.status_notes).toBe('This road belongs to the ministry.');
    expect(pub?.extended_attributes?.accepts).toBe('feedback');
  });

  it('scopes a handler to its unit: outside it a message answers as nonexistent, and its queue shows only its messages', async () => {
    const inside = await s.submit({ lat: 35.725, long: 51.402 });
    const outside = await s.submit({ lat: 35.803, long: 51.469 });
    await s.act(inside.id, 'refer', { unitId: 'district-6-services' });
    await s.act(outside.id, 'refer', {});
    expect((await message(outside.id)).unitId).toBe('district-1-technical');
    expect((await s.get(`/staff/v1/messages/${outside.id}`, auth('demo-handler'))).status).toBe(404);
    const forbidden = await s.act(outside.id, 'start', {}, 'demo-handler');
    expect(forbidden.status).toBe(404);
    apiErrorSchema.parse(await forbidden.json());
    expect((await s.act(inside.id, 'start', {}, 'demo-handler')).status).toBe(200);
    const queue = staffQueueSchema.parse(await (await s.get('/staff/v1/queue?limit=500', auth('demo-handler'))).json());
    expect(queue.items.map((m) => m.id)).toContain(inside.id);
    expect(queue.items.map((m) => m.id)).not.toContain(outside.id);
    expect(queue.items.every((m) => m.unitId.startsWith('district-6'))).toBe(true);
    expect((await s.get('/staff/v1/queue?unit_id=district-1', auth('demo-handler'))).status).toBe(403);
    const admin = staffQueueSchema.parse(await (await s.get('/staff/v1/queue?unit_id=district-1&status=referred', auth('demo-admin'))).json());
    expect(admin.items.map((m) => m.id)).toEqual([outside.id]);
    expect(admin.total).toBe(1);
    expect((await s.get('/staff/v1/queue?limit=0', auth('demo-admin'))).status).toBe(400);
    expect((await s.get('/staff/v1/queue?status=lost', auth('demo-admin'))).status).toBe(400);
  });

  it('lets an analyst read statistics only', async () => {
    expect((await s.get('/staff/v1/queue', auth('demo-analyst'))).status).toBe(403);
    const { id } = await s.submit();
    expect((await s.act(id, 'triage', {}, 'demo-analyst')).status).toBe(403);
    expect((await s.get('/staff/v1/stats/feedback', auth('demo-analyst'))).status).toBe(200);
  });

  it('refuses what the lifecycle refuses with 409 and its reason, and bad bodies with 400', async () => {
    const { id } = await s.submit();
    const start = await s.act(id, 'start', {}, 'demo-admin');
    expect(start.status).toBe(409);
    expect(apiErrorSchema.parse(await start.json())[0]?.refusal).toBe('not_allowed');
    const unknownUnit = await s.act(id, 'refer', { unitId: 'district-99' });
    expect(unknownUnit.status).toBe(409);
    expect(apiErrorSchema.parse(await unknownUnit.json())[0]?.refusal).toBe('unknown_unit');
    expect((await s.act(id, 'answer', {})).status).toBe(400);
    expect((await s.act(id, 'answer', { text: 'ok', extra: 1 })).status).toBe(400);
    expect((await s.act(id, 'fly', {})).status).toBe(404);
    expect((await s.act('137-0', 'triage', {})).status).toBe(404);
    const noRoute = await s.submit({ service_code: undefined, lat: undefined, long: undefined });
    const refer = await s.act(noRoute.id, 'refer', {});
    expect(refer.status).toBe(400);
    expect(apiErrorSchema.parse(await refer.json())[0]?.field).toBe('unitId');
    expect(STAFF_ACTIONS.length).toBe(9);
  });

  it('links duplicates to a first message: each follows it, gets its answer and its own feedback window', async () => {
    const first = await s.submit({ phone: '09120000001' });
    const second = await s.submit({ phone: '09120000002' });
    const third = await s.submit();
    const linked = staffMessageSchema.parse(await (await s.act(second.id, 'link', { firstMessageId: first.id })).json());
    expect(linked.state).toBe('linked');
    expect(linked.firstMessageId).toBe(first.id);
    await s.act(third.id, 'link', { firstMessageId: first.id });
    expect((await message(first.id)).linkedMessageIds).toEqual([second.id, third.id]);
    const [pubFirst] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${first.id}.json?extensions=true`)).json());
    expect(pubFirst?.extended_attributes?.linked_count).toBe(2);
    const [pubSecond] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${second.id}.json?extensions=true`)).json());
    expect(pubSecond?.extended_attributes).toMatchObject({ duplicate: true, parent_service_request_id: first.id, detailed_status: 'duplicate' });
    // Linking to a duplicate or to itself is refused with the reason.
    const chained = await s.act(first.id, 'link', { firstMessageId: second.id });
    expect(chained.status).toBe(409);
    expect(apiErrorSchema.parse(await chained.json())[0]?.refusal).toBe('link_to_duplicate');
    expect((await s.act(first.id, 'link', { firstMessageId: '137-0' })).status).toBe(404);
    // Unlink the third, answer the first: the second gets the answer in the same transaction.
    const unlinked = staffMessageSchema.parse(await (await s.act(third.id, 'unlink', {})).json());
    expect(unlinked.firstMessageId).toBeNull();
    expect((await message(first.id)).linkedMessageIds).toEqual([second.id]);
    await s.act(first.id, 'answer', { text: 'The whole street was resurfaced.' });
    const secondAfter = await message(second.id);
    expect(secondAfter.state).toBe('answered');
    expect(secondAfter.feedbackWindow).not.toBeNull();
    expect(secondAfter.timeline.find((e) => e.type === 'answered')?.text).toBe('The whole street was resurfaced.');
    expect((await message(third.id)).state).not.toBe('answered');
    const [pub] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${second.id}.json?extensions=true`)).json());
    expect(pub?.extended_attributes?.accepts).toBe('feedback');
    const feedback = await s.postJson(`/open311/v2/requests/${second.id}/feedback.json`, { resolved: 'partly', rating: 3 }, { 'x-citizen-token': second.token });
    expect(feedback.status).toBe(200);
  });

  it('reports feedback statistics and an RTL Excel report with Jalali dates', async () => {
    const { id, token } = await s.submit({ region: '6' });
    await s.act(id, 'answer', { text: 'Done.' });
    await s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'yes', rating: 5, comment: '=HYPERLINK("x") thanks' }, { 'x-citizen-token': token });
    const stats = feedbackStatsSchema.parse(await (await s.get('/staff/v1/stats/feedback?jurisdiction_id=137', auth('demo-analyst'))).json());
    expect(stats.total).toBeGreaterThanOrEqual(2);
    expect(stats.byResolved.yes).toBeGreaterThanOrEqual(1);
    expect(stats.averageRating).not.toBeNull();
    expect(stats.bySystem.map((x) => x.system)).toEqual(['137']);
    expect((await s.get('/staff/v1/stats/feedback?from=never', auth('demo-analyst'))).status).toBe(400);

    const response = await s.get('/staff/v1/reports/feedback.xlsx?jurisdiction_id=137', auth('demo-analyst'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['خلاصه به تفکیک واحد و خدمت', 'بازخوردها']);
    const summary = workbook.worksheets[0]!;
    expect(summary.views[0]?.rightToLeft).toBe(true);
    expect(summary.getRow(1).getCell(1).value).toBe('واحد مسئول');
    expect(summary.rowCount).toBeGreaterThan(1);
    const sheet = workbook.worksheets[1]!;
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    expect(sheet.getRow(1).getCell(1).value).toBe('شماره پیام');
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(rows.length).toBe(stats.total);
    const mine = rows.find((r) => r[0] === id)!;
    expect(mine[6]).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    expect(mine[6]?.startsWith('۱۴۰۵')).toBe(true);
    expect(mine[7]).toBe(translate('fa', 'resolved.yes'));
    expect(mine[8]).toBe('5');
    expect(mine[9]).toBe('=HYPERLINK("x") thanks');
    expect(sheet.getRow(rows.indexOf(mine) + 2).getCell(10).formula).toBeUndefined();
    expect((await s.get('/staff/v1/reports/feedback.xlsx', auth('demo-handler'))).status).toBe(403);
  });

  it('lets an administrator read and change policies, validated', async () => {
    const current = (await (await s.get('/staff/v1/policies', auth('demo-admin'))).json()) as { feedback: { window: { months: number } } };
    expect(current.feedback.window.months).toBe(1);
    const tooShort = await fetch(`${s.url}/staff/v1/policies`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth('demo-admin') },
      body: JSON.stringify({ feedback: { window: { months: 0, days: 10 } } }),
    });
    expect(tooShort.status).toBe(400);
    const byHandler = await fetch(`${s.url}/staff/v1/policies`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth('demo-handler') }, body: '{}' });
    expect(byHandler.status).toBe(403);
    const ok = await fetch(`${s.url}/staff/v1/policies`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth('demo-admin') },
      body: JSON.stringify({ feedback: { window: { months: 2, days: 0 }, reopenOnUnresolved: true, maxReopens: 1 } }),
    });
    expect(ok.status).toBe(200);
    const { id } = await s.submit();
    const answered = staffMessageSchema.parse(await (await s.act(id, 'answer', { text: 'Done.' })).json());
    const window = answered.feedbackWindow!;
    expect(Date.parse(window.closesAt) - Date.parse(window.opensAt)).toBeGreaterThan(58 * 86_400_000);
  });
});
