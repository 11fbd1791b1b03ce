/**
 * "Similar open messages nearby": a draft compared with the open public messages by the duplicate
 * search, on PGlite and PostgreSQL. Never a private message, never a confidential system's, never
 * a closed one; no personal data; bad input is a clear 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, open311RequestSchema } from '@payam/core';
import { z } from 'zod';
import { nearbyMessageSchema } from '../src/http/nearby-api.js';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const nearbyList = z.array(nearbyMessageSchema);
const METRE = 1 / 111_320;
const AT = { lat: 35.7402, long: 51.3801 };
const WORDS = 'چاله بزرگ و عمیق وسط خیابان بهار جلوی مدرسه ماشین‌ها را خراب می‌کند';

describe.each(BACKENDS)('similar open messages for a draft on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  const similar = async (query: Record<string, string | number>, status = 200) => {
    const params = new URLSearchParams(Object.entries({ jurisdiction_id: '137', ...AT, description: WORDS, ...query }).map(([k, v]) => [k, String(v)]));
    const response = await s.get(`/open311/v2/requests/similar.json?${params}`);
    expect(response.status).toBe(status);
    return (await response.json()) as unknown;
  };

  it('offers an open public message like the draft, with its status, the start of its text, distance and date, and no personal data', async () => {
    const open = await s.submit({ service_code: 'pothole', description: WORDS, lat: AT.lat + 30 * METRE, long: AT.long, phone: '09121234567', first_name: 'Sara' });
    // A private service of the same system, the same words at the same place: never offered.
    const hidden = await s.submit({ service_code: 'contractor-misconduct', description: WORDS, lat: AT.lat, long: AT.long });
    // The confidential system's message, the same words at the same place: never offered.
    const complaint = await s.submit({ jurisdiction_id: '1888', service_code: 'staff-misconduct', description: WORDS, lat: AT.lat, long: AT.long });
    const found = nearbyList.parse(await similar({ service_code: 'pothole', lang: 'en' }));
    expect(found.map((m) => m.service_request_id)).toEqual([open.id]);
    expect(found[0]).toMatchObject({ service_code: 'pothole', detailed_status: 'received', distance_metres: 30 });
    expect(found[0]!.detailed_status_label).toMatch(/[A-Za-z]/);
    expect(Object.keys(found[0]!).sort()).toEqual(Object.keys(nearbyMessageSchema.shape).sort());
    const body = JSON.stringify(await similar({ service_code: 'pothole' }));
    for (const secret of ['0912', 'Sara', open.token, hidden.id, complaint.id]) expect(body).not.toContain(secret);
    // Without a service chosen the private one is still never offered.
    const any = nearbyList.parse(await similar({}));
    expect(any.map((m) => m.service_request_id)).not.toContain(hidden.id);
    expect(any.map((m) => m.service_request_id)).toContain(open.id);
  });

  it('offers nothing closed or answered, nothing far away, and nothing about another matter', async () => {
    const words = 'درخت چنار کهنسال کوچه لاله کج شده و روی سیم برق افتاده است';
    const answered = await s.submit({ service_code: 'trees', attribute: { tree_issue: 'fallen' }, description: words, lat: AT.lat + 0.01, long: AT.long });
    for (const [action, body] of [['triage', {}], ['refer', { unitId: 'district-6' }], ['start', {}], ['answer', { text: 'Cut and removed.' }]] as const) {
      expect((await s.act(answered.id, action, body)).status).toBeLessThan(300);
    }
    const found = nearbyList.parse(await similar({ service_code: 'trees', description: words, lat: AT.lat + 0.01 }));
    expect(found.map((m) => m.service_request_id)).not.toContain(answered.id);
    const far = nearbyList.parse(await similar({ service_code: 'pothole', lat: AT.lat + 0.2 }));
    expect(far).toEqual([]);
  });

  it('compares a draft that gives only its region, without a distance; a half location or no place at all is a 400 that says so', async () => {
    const words = 'آسفالت خیابان شریعتی نرسیده به پل چاله بزرگی دارد و موتورها زمین می‌خورند';
    const open = await s.submit({ service_code: 'pothole', description: words, region: '3' });
    const params = new URLSearchParams({ jurisdiction_id: '137', description: words, region: '3', lang: 'en' });
    const response = await s.get(`/open311/v2/requests/similar.json?${params}`);
    expect(response.status).toBe(200);
    const found = nearbyList.parse(await response.json());
    expect(found.map((m) => m.service_request_id)).toContain(open.id);
    expect(found.find((m) => m.service_request_id === open.id)?.distance_metres).toBeNull();
    for (const [query, field] of [[{ lat: AT.lat }, 'long'], [{ long: AT.long }, 'lat'], [{}, 'region']] as const) {
      const bad = await s.get(`/open311/v2/requests/similar.json?${new URLSearchParams({ jurisdiction_id: '137', description: words, lang: 'en', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`);
      expect(bad.status, field).toBe(400);
      const [error] = apiErrorSchema.parse(await bad.json());
      expect(error).toMatchObject({ field });
      expect(error?.description).toMatch(/location .* or a region/);
    }
  });

  it('refuses a confidential system or a private service, and bad input, with a reason', async () => {
    const reason = async (query: Record<string, string | number>, status: number) => apiErrorSchema.parse(await similar({ lang: 'en', ...query }, status))[0];
    expect(await reason({ jurisdiction_id: '1888' }, 400)).toMatchObject({ field: 'jurisdiction_id' });
    expect((await reason({ service_code: 'contractor-misconduct' }, 400))?.description).toMatch(/public/);
    expect(await reason({ jurisdiction_id: 'nowhere' }, 404)).toMatchObject({ field: 'jurisdiction_id' });
    expect(await reason({ service_code: 'staff-misconduct' }, 404)).toMatchObject({ field: 'service_code' });
    expect(await reason({ lat: 'north' }, 400)).toMatchObject({ field: 'lat' });
    expect(await reason({ description: '' }, 400)).toMatchObject({ field: 'description' });
  });

  it('registers a message that follows an open public message, joined to it; refuses to follow a closed, private, unknown or 1888 message', async () => {
    const open = await s.submit({ service_code: 'pothole', description: 'چاله خیابان گلها روبروی نانوایی', lat: AT.lat + 0.03, long: AT.long });
    const follower = await s.submit({ service_code: 'pothole', description: 'همان چاله، من هم دیدم', lat: AT.lat + 0.03, long: AT.long, follow: open.id });
    const [raw] = (await (await s.get(`/open311/v2/requests/${follower.id}.json?extensions=true&lang=en`)).json()) as unknown[];
    const request = open311RequestSchema.parse(raw);
    expect(request.extended_attributes?.parent_service_request_id).toBe(open.id);
    expect(request.extended_attributes?.detailed_status).toBe('duplicate');

    const hidden = await s.submit({ service_code: 'contractor-misconduct', description: 'پیمانکار آسفالت را نیمه‌کاره رها کرد' });
    const complaint = await s.submit({ jurisdiction_id: '1888', service_code: 'staff-misconduct', description: 'کارمند رشوه خواست' });
    const closed = await s.submit({ service_code: 'pothole', description: 'چاله کوچه نرگس' });
    for (const [action, body] of [['triage', {}], ['refer', { unitId: 'district-6' }], ['start', {}], ['answer', { text: 'Filled.' }]] as const) {
      expect((await s.act(closed.id, action, body)).status).toBeLessThan(300);
    }
    for (const [follow, system] of [[closed.id, '137'], [hidden.id, '137'], ['137-999999', '137'], [complaint.id, '137'], [complaint.id, '1888']]) {
      const response = await s.postJson('/open311/v2/requests.json?lang=en', {
        api_key: 'demo', jurisdiction_id: system, description: 'I see it too', follow,
        ...(system === '1888' ? { service_code: 'staff-misconduct' } : {}),
      });
      expect(response.status, `${follow} in ${system}`).toBe(400);
      const [error] = apiErrorSchema.parse(await response.json());
      expect(error).toMatchObject({ field: 'follow' });
      expect(error?.description).toMatch(/no open public message/);
    }
  });

  it('answers a retry of a registration that followed a message with that registration, though the message was answered since', async () => {
    const open = await s.submit({ service_code: 'pothole', description: 'چاله خیابان یاس کنار مدرسه', lat: AT.lat + 0.05, long: AT.long });
    const body = { api_key: 'demo', service_code: 'pothole', description: 'همان چاله کنار مدرسه', lat: AT.lat + 0.05, long: AT.long, follow: open.id };
    const key = { 'idempotency-key': 'follow-then-answered-1' };
    const first = await s.postJson('/open311/v2/requests.json', body, key);
    expect(first.status).toBe(201);
    const [created] = (await first.json()) as { service_request_id: string; citizen_token: string }[];
    for (const [action, actionBody] of [['triage', {}], ['refer', { unitId: 'district-6' }], ['start', {}], ['answer', { text: 'Filled.' }]] as const) {
      expect((await s.act(open.id, action, actionBody)).status).toBeLessThan(300);
    }
    // The answer to the first response was lost; the client sends the same registration again.
    const retry = await s.postJson('/open311/v2/requests.json', body, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual([expect.objectContaining({ service_request_id: created!.service_request_id, citizen_token: created!.citizen_token })]);
    // A new registration may not follow it any more.
    expect((await s.postJson('/open311/v2/requests.json', body, { 'idempotency-key': 'follow-then-answered-2' })).status).toBe(400);
  });
});
