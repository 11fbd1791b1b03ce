import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusChangeSchema, webhookSignature } from '../src/webhooks/app-webhooks.js';
import { BACKENDS, CITIZEN, startTestServer, type TestServer } from './support/harness.js';
import { localService, type LocalService } from './support/local-services.js';

const HOUR = 3_600_000;

describe.each(BACKENDS)('webhooks for apps on %s', (backend) => {
  let s: TestServer;
  let app: LocalService;
  let failing = true;
  beforeAll(async () => {
    app = await localService((r) => ({ status: r.path.startsWith('/dead') || (failing && r.path.startsWith('/flaky')) ? 500 : 204, body: {} }));
    s = await startTestServer(backend, { outbox: { maxAttempts: 3 } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });

  const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) => s.postJson('/open311/v2/webhooks.json?lang=en', body, headers);
  const remove = (id: string) => fetch(`${s.url}/open311/v2/webhooks/${id}.json`, { method: 'DELETE', headers: { 'x-api-key': 'demo' } });

  it('posts each status change of the key’s messages, signed, with an idempotency key, and retries until the app takes it', async () => {
    const response = await create({ api_key: 'demo', url: `${app.url}/flaky/${backend}` });
    expect(response.status).toBe(201);
    const hook = (await response.json()) as { webhook_id: string; secret: string; url: string };
    expect(hook.secret.length).toBeGreaterThanOrEqual(40);
    const list = (await (await s.get('/open311/v2/webhooks.json', { 'x-api-key': 'demo' })).json()) as Record<string, unknown>[];
    expect(list.map((w) => w.webhook_id)).toContain(hook.webhook_id);
    // The secret is shown once, never listed.
    expect(JSON.stringify(list)).not.toContain(hook.secret);

    const { id } = await s.submit({ ...CITIZEN, description: 'A private detail of the citizen text.' });
    expect((await s.act(id, 'answer', { text: 'Fixed.' })).status).toBe(200);
    const first = await s.runWorker();
    expect(first.failed).toBeGreaterThanOrEqual(1);
    failing = false;
    s.clock.advance(HOUR);
    await s.runWorker();
    const posts = app.received.filter((r) => r.path === `/flaky/${backend}`);
    expect(posts).toHaveLength(2);
    const [attempt, retry] = posts as [(typeof posts)[0], (typeof posts)[0]];
    expect(retry.headers['idempotency-key']).toBe(attempt.headers['idempotency-key']);
    expect(retry.body).toBe(attempt.body);
    expect(retry.headers['x-payam-signature']).toBe(webhookSignature(hook.secret, retry.body));
    const change = statusChangeSchema.parse(JSON.parse(retry.body));
    expect(change).toMatchObject({ event: 'status_changed', webhook_id: hook.webhook_id, service_request_id: id, status: 'closed', detailed_status: 'answered' });
    // Nothing of the citizen: no text, no phone, no name, no token.
    for (const secret of ['private detail', CITIZEN.phone.slice(1), CITIZEN.first_name, 'citizen_token']) expect(retry.body).not.toContain(secret);

    // Removed: the next change of a message goes nowhere, and the key's list no longer has it.
    expect((await remove(hook.webhook_id)).status).toBe(200);
    expect((await remove(hook.webhook_id)).status).toBe(404);
    const { id: later } = await s.submit();
    await s.act(later, 'answer', { text: 'Done.' });
    await s.runWorker();
    expect(app.received.filter((r) => r.body.includes(later))).toEqual([]);
  });

  it('gives up on a webhook that keeps failing and shows it to supervisors as a dead letter', async () => {
    const hook = (await (await create({ url: `${app.url}/dead/${backend}` }, { 'x-api-key': 'demo' })).json()) as { webhook_id: string };
    const { id } = await s.submit();
    await s.act(id, 'answer', { text: 'Done.' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await s.runWorker();
      s.clock.advance(2 * HOUR);
    }
    const letters = (await (await s.get('/staff/v1/outbox/dead-letters', { authorization: 'Bearer demo-supervisor' })).json()) as { kind: string; messageId: string; attempts: number; lastError: string }[];
    const letter = letters.find((l) => l.kind === 'app_webhook' && l.messageId === id);
    expect(letter).toMatchObject({ attempts: 3 });
    expect(letter!.lastError).toMatch(/HTTP 500/);
    expect(letter!.lastError).not.toContain(app.url);
    expect((await remove(hook.webhook_id)).status).toBe(200);
  });

  it('refuses a bad URL, a missing or wrong key, and more than five webhooks a key, with Open311 errors', async () => {
    for (const url of ['ftp://files.example/x', 'not a url', `http://user:pw@127.0.0.1/x`, '']) {
      const response = await create({ api_key: 'demo', url });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { field: string }[])[0]!.field).toBe('url');
    }
    expect((await create({ url: `${app.url}/x` })).status).toBe(403);
    expect((await create({ api_key: 'not-a-key', url: `${app.url}/x` })).status).toBe(403);
    expect((await s.get('/open311/v2/webhooks.json')).status).toBe(403);
    const fa = await s.postJson('/open311/v2/webhooks.json', { api_key: 'demo', url: 'ftp://x' });
    expect(((await fa.json()) as { description: string }[])[0]!.description).toMatch(/[\u0600-\u06FF]/);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await create({ api_key: 'demo', url: `${app.url}/many/${i}` });
      expect(response.status).toBe(201);
      made.push(((await response.json()) as { webhook_id: string }).webhook_id);
    }
    expect((await create({ api_key: 'demo', url: `${app.url}/many/6` })).status).toBe(409);
    for (const id of made) expect((await remove(id)).status).toBe(200);
  });
});
