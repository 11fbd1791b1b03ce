import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kavenegarSms, startServer, type RunningServer } from '../src/index.js';
import { BACKENDS, CITIZEN, newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';
import { localService, SMS_ACCEPTED, type LocalService } from './support/local-services.js';

const admin = { authorization: 'Bearer demo-admin' };

async function register(server: { url: string }, fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: 'A deep pothole.', lat: 35.725, long: 51.402, ...fields }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { service_request_id: string }[])[0]!.service_request_id;
}

async function answer(server: { url: string }, id: string): Promise<void> {
  const response = await fetch(`${server.url}/staff/v1/messages/${id}/actions/answer`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ text: 'Fixed.' }) });
  if (response.status !== 200) throw new Error(`answer: ${response.status}`);
}

describe('outbox: one sender per row, with a slow gateway and two processes on one PostgreSQL', () => {
  let gateway: LocalService;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    // Three seconds per SMS, as the slow gateway that was seen to get one notification twice.
    gateway = await localService(() => SMS_ACCEPTED, 3_000);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await gateway.close();
  });

  it('delivers every notification exactly once', async () => {
    const databaseUrl = await newPostgresDatabase();
    // A lease of 8 s (sends aborted at 6.4 s): longer than one SMS (3 s) on a busy machine, far
    // shorter than a batch of them.
    // The eight messages are alike on purpose: none is linked to another at registration here.
    const options = { port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 50, autoLinkDuplicates: false, outbox: { leaseMs: 8_000 }, adapters: { sms: kavenegarSms({ apiKey: 'K', baseUrl: gateway.url }) } };
    servers.push(await startServer(options), await startServer(options));
    const [a, b] = servers as [RunningServer, RunningServer];
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await register(i % 2 ? a : b, { phone: CITIZEN.phone }));
    for (const id of ids) await answer(a, id);
    const expected = ids.map((id) => `${id}:feedback_invitation:1:sms`).sort();
    const started = Date.now();
    const keys = () => gateway.received.map((r) => new URLSearchParams(r.body).get('localid')!);
    while (new Set(keys()).size < expected.length && Date.now() - started < 90_000) await new Promise((done) => setTimeout(done, 200));
    // Long enough for a second sender to have taken a row whose lease ran out.
    await new Promise((done) => setTimeout(done, 9_000));
    expect(keys().sort()).toEqual(expected);
  }, 150_000);
});

describe.each(BACKENDS)('dead letters on %s', (backend) => {
  let s: TestServer;
  let gateway: LocalService;
  let down = true;
  beforeAll(async () => {
    gateway = await localService(() => (down ? { status: 503, body: {} } : SMS_ACCEPTED));
    s = await startTestServer(backend, { adapters: { sms: kavenegarSms({ apiKey: 'K', baseUrl: gateway.url }) }, outbox: { maxAttempts: 3 } });
  });
  afterAll(async () => {
    await s.close();
    await gateway.close();
  });

  it('gives a notification up after N attempts and shows it to supervisors and administrators only, without the recipient', async () => {
    const { id } = await s.submit({ ...CITIZEN });
    await s.act(id, 'answer', { text: 'Fixed.' });
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(await s.runWorker());
      s.clock.advance(3_600_000);
    }
    expect(runs.map((r) => [r.failed, r.givenUp])).toEqual([[1, 0], [1, 0], [0, 1]]);
    // Given up: never tried again.
    s.clock.advance(86_400_000);
    expect((await s.runWorker()).failed + gateway.received.length).toBe(3);

    const response = await s.get('/staff/v1/outbox/dead-letters', admin);
    expect(response.status).toBe(200);
    const text = await response.text();
    const letters = JSON.parse(text) as { id: number; messageId: string; notification: string; attempts: number; lastError: string }[];
    const mine = letters.find((l) => l.messageId === id)!;
    expect(mine).toMatchObject({ notification: 'feedback_invitation', attempts: 3 });
    expect(mine.lastError).toMatch(/given up after 3 attempts: The SMS gateway answered HTTP 503/);
    for (const secret of ['9121234567', CITIZEN.first_name, CITIZEN.email]) expect(text).not.toContain(secret);
    for (const token of ['demo-handler', 'demo-operator', 'demo-analyst']) {
      expect((await s.get('/staff/v1/outbox/dead-letters', { authorization: `Bearer ${token}` })).status).toBe(403);
    }
    expect((await s.get('/staff/v1/outbox/dead-letters', { authorization: 'Bearer demo-supervisor' })).status).toBe(200);
    expect((await s.get('/staff/v1/outbox/dead-letters')).status).toBe(401);

    // Sent again on request, once the gateway is back.
    down = false;
    expect((await s.postJson(`/staff/v1/outbox/dead-letters/${mine.id}/retry`, {}, { authorization: 'Bearer demo-handler' })).status).toBe(403);
    expect((await s.postJson(`/staff/v1/outbox/dead-letters/${mine.id}/retry`, {}, admin)).status).toBe(204);
    expect((await s.postJson('/staff/v1/outbox/dead-letters/999999/retry', {}, admin)).status).toBe(404);
    expect((await s.runWorker()).delivered).toBe(1);
    expect(new URLSearchParams(gateway.received.at(-1)!.body).get('localid')).toBe(`${id}:feedback_invitation:1:sms`);
    const after = (await (await s.get('/staff/v1/outbox/dead-letters', admin)).json()) as { messageId: string }[];
    expect(after.find((l) => l.messageId === id)).toBeUndefined();
  });
});
