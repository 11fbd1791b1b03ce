import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  apiErrorSchema,
  feedbackStatsSchema,
  open311RequestSchema,
  staffMessageSchema,
  staffQueueSchema,
} from '@payam/core';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const requests = z.array(open311RequestSchema);

/** A bribery complaint the inspection answers, and what must never leave it. */
const SECRET_TEXT = 'The clerk at the district 6 permits desk asked for 50 million rials.';
const SECRET_ANSWER = 'The clerk was suspended; the inspection thanks the citizen.';

describe.each(BACKENDS)('confidential messages and scope on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  async function publicList(query = '') {
    return requests.parse(
      await (await s.get(`/open311/v2/requests.json?extensions=true${query}`)).json(),
    );
  }

  it('a district handler cannot link its 137 message to a private complaint, nor tell it from a nonexistent id', async () => {
    const complaint = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    const own = await s.submit({ lat: 35.725, long: 51.402 });
    await s.act(own.id, 'refer', { unitId: 'district-6-technical' });
    const probe = await s.act(own.id, 'link', { firstMessageId: complaint.id }, 'demo-handler');
    const missing = await s.act(own.id, 'link', { firstMessageId: '1888-999999' }, 'demo-handler');
    expect(probe.status).toBe(404);
    expect(probe.status).toBe(missing.status);
    expect(await probe.text()).toBe(await missing.text());
    // The inspector answers the complaint: nothing of it reaches the public 137 message.
    expect(
      (await s.act(complaint.id, 'answer', { text: SECRET_ANSWER }, 'demo-supervisor')).status,
    ).toBe(200);
    const [pub] = requests.parse(
      await (await s.get(`/open311/v2/requests/${own.id}.json?extensions=true`)).json(),
    );
    expect(pub?.extended_attributes?.parent_service_request_id).toBeNull();
    const everything = JSON.stringify([pub, await publicList()]);
    expect(everything).not.toContain(complaint.id);
    expect(everything).not.toContain(SECRET_ANSWER);
    expect(everything).not.toContain(SECRET_TEXT);
  });

  it('links only messages of the same system and privacy, even for a supervisor who sees both', async () => {
    const complaint = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    const pothole = await s.submit();
    const link = (id: string, firstMessageId: string) =>
      s.act(id, 'link', { firstMessageId }, 'demo-supervisor');
    const crossed = await link(pothole.id, complaint.id);
    expect(crossed.status).toBe(409);
    expect(apiErrorSchema.parse(await crossed.json())[0]?.field).toBe('firstMessageId');
    const back = await link(complaint.id, pothole.id);
    expect(back.status).toBe(409);
    const other = await s.submit({
      service_code: 'bribery',
      description: 'Another bribe, same desk.',
    });
    expect((await link(other.id, complaint.id)).status).toBe(200);
  });

  it('the citizen of a private duplicate gets the answer, never the other complaint’s id', async () => {
    const first = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    const duplicate = await s.submit({
      service_code: 'bribery',
      description: 'The same desk asked me too.',
    });
    expect(
      (await s.act(duplicate.id, 'link', { firstMessageId: first.id }, 'demo-supervisor')).status,
    ).toBe(200);
    expect(
      (await s.act(first.id, 'answer', { text: SECRET_ANSWER }, 'demo-supervisor')).status,
    ).toBe(200);
    for (const format of ['json', 'xml']) {
      const own = await s.get(`/open311/v2/requests/${duplicate.id}.${format}?extensions=true`, {
        'x-citizen-token': duplicate.token,
      });
      expect(own.status).toBe(200);
      const body = await own.text();
      expect(body).toContain(SECRET_ANSWER);
      expect(body).not.toContain(first.id);
    }
  });

  it('a 1888 message without a service is private from registration on, and stays private when reclassified', async () => {
    const { id, token } = await s.submit({
      service_code: undefined,
      jurisdiction_id: '1888',
      description: SECRET_TEXT,
      lat: undefined,
      long: undefined,
    });
    expect(id.startsWith('1888-')).toBe(true);
    expect((await s.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    expect(JSON.stringify(await publicList('&jurisdiction_id=1888'))).not.toContain(SECRET_TEXT);
    const [own] = requests.parse(
      await (
        await s.get(`/open311/v2/requests/${id}.json?extensions=true`, { 'x-citizen-token': token })
      ).json(),
    );
    expect(own?.extended_attributes?.private).toBe(true);
    expect((await s.act(id, 'refer', { serviceCode: 'bribery' }, 'demo-supervisor')).status).toBe(
      200,
    );
    expect(
      (
        await s.act(
          id,
          'refer',
          { serviceCode: 'service-improvement', unitId: 'inspection-complaints' },
          'demo-supervisor',
        )
      ).status,
    ).toBe(200);
    expect((await s.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    expect(JSON.stringify(await publicList('&jurisdiction_id=1888'))).not.toContain(id);
    const frequency = await (
      await s.get('/open311/v2/stats/frequency.json?jurisdiction_id=1888')
    ).json();
    expect((frequency as { rows: unknown[] }).rows).toEqual([]);
  });

  it('a district handler refers only inside its subtree, back to the intake or parent, or to a routing target', async () => {
    const { id } = await s.submit({ lat: 35.725, long: 51.402 });
    await s.act(id, 'refer', { unitId: 'district-6' });
    const away = await s.act(id, 'refer', { unitId: 'inspection-complaints' }, 'demo-handler');
    expect(away.status).toBe(403);
    expect(apiErrorSchema.parse(await away.json())[0]?.field).toBe('unitId');
    expect(
      (await s.act(id, 'refer', { unitId: 'district-1-technical' }, 'demo-handler')).status,
    ).toBe(403);
    expect(
      (await s.act(id, 'refer', { unitId: 'district-6-services' }, 'demo-handler')).status,
    ).toBe(200);
    // Not even an administrator sends a 137 message to the inspection.
    expect(
      (await s.act(id, 'refer', { unitId: 'inspection-complaints' }, 'demo-admin')).status,
    ).toBe(403);
    expect((await s.act(id, 'refer', { unitId: 'call-center-137' }, 'demo-handler')).status).toBe(
      200,
    );
  });

  it('an out-of-scope message answers a handler exactly like a nonexistent one', async () => {
    const complaint = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    const read = await s.get(`/staff/v1/messages/${complaint.id}`, auth('demo-handler'));
    const none = await s.get('/staff/v1/messages/1888-999999', auth('demo-handler'));
    expect(read.status).toBe(404);
    expect(await read.text()).toBe(await none.text());
    const act = await s.act(complaint.id, 'note', { text: 'x' }, 'demo-handler');
    const actNone = await s.act('1888-999999', 'note', { text: 'x' }, 'demo-handler');
    expect(act.status).toBe(404);
    expect(await act.text()).toBe(await actNone.text());
  });

  it('feedback statistics and the Excel report cover the caller’s units and systems; private comments only for those who read private messages', async () => {
    const complaint = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    await s.act(complaint.id, 'answer', { text: SECRET_ANSWER }, 'demo-supervisor');
    const comment = 'Thank you, the desk is honest now.';
    const given = await s.postJson(
      `/open311/v2/requests/${complaint.id}/feedback.json`,
      { resolved: 'yes', rating: 5, comment },
      { 'x-citizen-token': complaint.token },
    );
    expect(given.status).toBe(200);
    const handler = feedbackStatsSchema.parse(
      await (await s.get('/staff/v1/stats/feedback', auth('demo-handler'))).json(),
    );
    expect(handler.bySystem.map((x) => x.system)).not.toContain('1888');
    const supervisor = feedbackStatsSchema.parse(
      await (await s.get('/staff/v1/stats/feedback', auth('demo-supervisor'))).json(),
    );
    expect(supervisor.bySystem.map((x) => x.system)).toContain('1888');

    const cells = async (token: string) => {
      const response = await s.get('/staff/v1/reports/feedback.xlsx', auth(token));
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const values: string[] = [];
      // Every sheet: the summary by unit and service, and the feedback itself.
      for (const sheet of workbook.worksheets) {
        sheet.eachRow((row) => values.push(...(row.values as unknown[]).map((v) => String(v ?? ''))));
      }
      return values.join('\n');
    };
    const analyst = await cells('demo-analyst');
    expect(analyst).not.toContain(comment);
    expect(analyst).not.toContain(complaint.id);
    const inspector = await cells('demo-supervisor');
    expect(inspector).toContain(comment);
    expect(inspector).toContain(complaint.id);
  });

  it('numbers each system on its own: 1888 registrations leave no gap in 137 ids', async () => {
    const a = await s.submit();
    for (let i = 0; i < 3; i++)
      await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    const b = await s.submit();
    const n = (id: string) => Number(id.split('-')[1]);
    expect(n(b.id) - n(a.id)).toBe(1);
    const c1 = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    await s.submit();
    const c2 = await s.submit({ service_code: 'bribery', description: SECRET_TEXT });
    expect(n(c2.id) - n(c1.id)).toBe(1);
  });

  it('the staff answer to an action shows what the actor did, and a handler cannot act beyond', async () => {
    const { id } = await s.submit({ lat: 35.725, long: 51.402 });
    await s.act(id, 'refer', { unitId: 'district-6' });
    const back = await s.act(id, 'refer', { unitId: 'call-center-137' }, 'demo-handler');
    expect(back.status).toBe(200);
    expect(staffMessageSchema.parse(await back.json()).unitId).toBe('call-center-137');
    expect((await s.get(`/staff/v1/messages/${id}`, auth('demo-handler'))).status).toBe(404);
  });
  it('the queue counts for each first message only the linked messages the caller may see', async () => {
    const complaint = (description: string) =>
      s.submit({ service_code: undefined, jurisdiction_id: '1888', description, lat: undefined, long: undefined });
    // Three complaints about one desk, registered at the 1888 intake; two go on to the complaints office.
    const first = await complaint(SECRET_TEXT);
    const office = await complaint(`${SECRET_TEXT} Again.`);
    const intake = await complaint(`${SECRET_TEXT} Once more.`);
    for (const id of [first.id, office.id]) {
      expect((await s.act(id, 'refer', { unitId: 'inspection-complaints' }, 'demo-supervisor')).status).toBe(200);
    }
    expect((await s.get(`/staff/v1/messages/${intake.id}`, auth('demo-supervisor'))).status).toBe(200);
    for (const id of [office.id, intake.id]) expect((await s.act(id, 'link', { firstMessageId: first.id }, 'demo-supervisor')).status).toBe(200);

    // A handler of the complaints office, who does not see what the intake holds.
    const created = await s.postJson(
      '/staff/v1/admin/staff',
      { name: 'Complaints officer', role: 'handler', unitId: 'inspection-complaints' },
      auth('demo-admin'),
    );
    expect(created.status).toBe(201);
    const officer = ((await created.json()) as { token: { token: string } }).token.token;
    expect((await s.get(`/staff/v1/messages/${intake.id}`, auth(officer))).status).toBe(404);

    const queueOf = async (token: string) => {
      const response = await s.get('/staff/v1/queue?limit=500', auth(token));
      expect(response.status).toBe(200);
      return staffQueueSchema.parse(await response.json()).items;
    };
    const seenBySupervisor = (await queueOf('demo-supervisor')).find((item) => item.id === first.id);
    expect(seenBySupervisor).toMatchObject({ linkedCount: 2 });
    expect(seenBySupervisor?.linkedMessageIds.toSorted()).toEqual([office.id, intake.id].toSorted());
    const officerQueue = await queueOf(officer);
    expect(officerQueue.find((item) => item.id === first.id)).toMatchObject({ linkedCount: 1, linkedMessageIds: [office.id] });
    // A message linked to another counts none; the one in intake is not in this queue at all.
    expect(officerQueue.find((item) => item.id === office.id)).toMatchObject({ linkedCount: 0, firstMessageId: first.id });
    expect(officerQueue.map((item) => item.id)).not.toContain(intake.id);
  });
});
