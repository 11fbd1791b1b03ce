import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, staffMessageSchema } from '@payam/core';
import { startServer } from '../src/index.js';
import { BACKENDS, newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';

const admin = { authorization: 'Bearer demo-admin', 'accept-language': 'en' };

async function send(s: { url: string }, method: 'PUT' | 'PATCH', body: unknown, headers: Record<string, string> = admin): Promise<Response> {
  return fetch(`${s.url}/staff/v1/policies`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function policies(s: { url: string }): Promise<Record<string, unknown> & { routing: unknown[]; feedback: { window: { months: number; days: number }; maxReopens: number } }> {
  return (await (await fetch(`${s.url}/staff/v1/policies`, { headers: admin })).json()) as never;
}

describe.each(BACKENDS)('policies: PUT replaces the whole document, PATCH merges (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it('refuses a PUT of a part of the document, naming what is missing, and keeps the routing', async () => {
    const before = await policies(s);
    expect(before.routing.length).toBeGreaterThan(0);
    for (const body of [{ feedback: before.feedback }, {}]) {
      const response = await send(s, 'PUT', body);
      expect(response.status).toBe(400);
      const errors = apiErrorSchema.parse(await response.json());
      expect(errors.map((e) => e.field)).toContain('routing');
      expect(errors[0]!.description).toMatch(/PUT replaces the whole policy document/);
    }
    const persian = await send(s, 'PUT', {}, { authorization: 'Bearer demo-admin' });
    expect(apiErrorSchema.parse(await persian.json())[0]!.description).toMatch(/PATCH/);
    expect(await policies(s)).toEqual(before);
    // A refer by the routing rules still finds its unit.
    const { id } = await s.submit();
    expect((await s.act(id, 'refer', {}, 'demo-operator')).status).toBe(200);
  });

  it('PATCH changes only the parts given, deep inside a part too', async () => {
    const before = await policies(s);
    const response = await send(s, 'PATCH', { feedback: { window: { months: 2 } }, feedbackBySystem: { '1888': { window: { months: 3, days: 0 } } } });
    expect(response.status).toBe(200);
    const after = await policies(s);
    expect(after.feedback).toEqual({ ...before.feedback, window: { months: 2, days: 0 } });
    expect(after.routing).toEqual(before.routing);
    expect(after.calendar).toEqual(before.calendar);
    expect((after.feedbackBySystem as Record<string, unknown>)['1888']).toMatchObject({ window: { months: 3, days: 0 } });
    // null removes a key (RFC 7396).
    await send(s, 'PATCH', { feedbackBySystem: { '1888': null } });
    expect((await policies(s)).feedbackBySystem).toEqual({});
    // The new window is the one a new answer gets.
    const { id } = await s.submit();
    const answered = staffMessageSchema.parse(await (await s.act(id, 'answer', { text: 'Done.' })).json());
    const window = answered.feedbackWindow!;
    expect(Date.parse(window.closesAt) - Date.parse(window.opensAt)).toBeGreaterThan(58 * 86_400_000);
  });

  it('PATCH refuses an unknown part or a removed required one, and an invalid value, with 400', async () => {
    const before = await policies(s);
    for (const body of [{ colour: 'red' }, { routing: null }, { feedback: { window: { months: 0, days: 3 } } }]) {
      const response = await send(s, 'PATCH', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      apiErrorSchema.parse(await response.json());
    }
    expect(await policies(s)).toEqual(before);
  });

  it('PUT of a whole document replaces it; only administrators change policies', async () => {
    const document = await policies(s);
    const replaced = { ...document, routing: [{ match: {}, unitId: 'municipality' }] };
    expect((await send(s, 'PUT', replaced, { authorization: 'Bearer demo-supervisor' })).status).toBe(403);
    expect((await send(s, 'PATCH', {}, { authorization: 'Bearer demo-handler' })).status).toBe(403);
    const response = await send(s, 'PUT', replaced);
    expect(response.status).toBe(200);
    expect((await policies(s)).routing).toEqual([{ match: {}, unitId: 'municipality' }]);
    expect((await send(s, 'PUT', document)).status).toBe(200);
    expect(await policies(s)).toEqual(document);
  });
});

describe('a policy change reaches every process', () => {
  it('two servers on one PostgreSQL: the other one uses the new policies within seconds', async () => {
    const databaseUrl = await newPostgresDatabase();
    const options = { port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, configCheckMs: 200 };
    const a = await startServer(options);
    const b = await startServer(options);
    try {
      const patched = await send(a, 'PATCH', { feedback: { window: { months: 3 } } });
      expect(patched.status).toBe(200);
      const started = Date.now();
      let seen = (await policies(b)).feedback.window.months;
      while (seen !== 3 && Date.now() - started < 10_000) {
        await new Promise((done) => setTimeout(done, 100));
        seen = (await policies(b)).feedback.window.months;
      }
      expect(seen).toBe(3);
      // B's lifecycle runs under it, not only its GET.
      const created = await fetch(`${b.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: 'A pothole.', lat: 35.725, long: 51.402 }),
      });
      const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
      const answered = await fetch(`${b.url}/staff/v1/messages/${id}/actions/answer`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ text: 'Done.' }) });
      const window = staffMessageSchema.parse(await answered.json()).feedbackWindow!;
      expect(Date.parse(window.closesAt) - Date.parse(window.opensAt)).toBeGreaterThan(88 * 86_400_000);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
