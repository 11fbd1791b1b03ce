import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVapidKeys } from '../src/push/vapid.js';
import { openPglite } from '../src/db/pglite.js';
import { migrate } from '../src/index.js';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';
import { startPushService } from './support/push-service.js';

const json = (body: unknown, token?: string) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-citizen-token': token } : {}) }, body: JSON.stringify(body) });

describe('VAPID keys', () => {
  it('are generated once and kept in the database; configured ones are used as given, and half a pair is refused', async () => {
    const db = await openPglite(null);
    try {
      await migrate(db);
      const first = await loadVapidKeys(db);
      const again = await loadVapidKeys(db);
      expect(again.publicKey).toBe(first.publicKey);
      expect(again.privateKey).toBe(first.privateKey);
      expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
      const configured = await loadVapidKeys(db, { publicKey: first.publicKey, privateKey: first.privateKey, subject: 'mailto:it@tehran.example' });
      expect(configured.subject).toBe('mailto:it@tehran.example');
      await expect(loadVapidKeys(db, { publicKey: first.publicKey })).rejects.toThrow(/both VAPID keys/);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.each(BACKENDS)('push subscriptions through HTTP to a local RFC 8030 push service on %s', (backend) => {
  let s: TestServer;
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  beforeAll(async () => {
    pushService = await startPushService((name) => (name.startsWith('gone') ? 410 : name.startsWith('busy') ? 503 : 201));
    s = await startTestServer(backend, { push: { subject: 'mailto:it@tehran.example', agent: new Agent({ ca: pushService.cert }) } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await pushService?.close();
  });

  it('serves the VAPID public key pages subscribe with', async () => {
    const response = await s.get('/open311/v2/push/vapid_public_key.json');
    expect(response.status).toBe(200);
    const { public_key } = (await response.json()) as { public_key: string };
    const point = Buffer.from(public_key, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
  });

  it('pushes a notification, encrypted and VAPID-signed, to every subscription of the message, and removes one the push service says is gone', async () => {
    // No phone, no email: the page's subscription is the only way to reach this citizen.
    const { id, token } = await s.submit();
    const phone = pushService.subscribe(`phone-${backend}`);
    const gone = pushService.subscribe(`gone-${backend}`);
    for (const subscriber of [phone, gone]) {
      const response = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, json(subscriber.subscription, token));
      expect(response.status).toBe(201);
    }
    // A repeat of the same endpoint replaces it, not a second push.
    expect((await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, json({ subscription: phone.subscription, citizen_token: token }))).status).toBe(201);
    expect((await s.act(id, 'answer', { text: 'The pothole was filled.' })).status).toBe(200);
    const run = await s.runWorker();
    expect(run.delivered).toBe(1);
    expect(pushService.errors).toEqual([]);
    const pushes = pushService.received.filter((p) => p.path.endsWith(`-${backend}`));
    // The gone subscription was tried once and answered 410; only the phone's push was taken.
    expect(pushes.map((p) => p.path)).toEqual([`/push/phone-${backend}`, `/push/gone-${backend}`]);
    const push = pushes[0]!;
    const { public_key } = (await (await s.get('/open311/v2/push/vapid_public_key.json')).json()) as { public_key: string };
    expect(push.senderKey).toBe(public_key);
    expect(push.claims.aud).toBe(pushService.url);
    expect(push.claims.sub).toBe('mailto:it@tehran.example');
    expect(push.claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(push.payload.messageId).toBe(id);
    expect(String(push.payload.title).length).toBeGreaterThan(0);
    // The link lets the citizen act: the token in the fragment, as in an SMS.
    expect(String(push.payload.url)).toContain(encodeURIComponent(id));
    expect(String(push.payload.url)).toContain(token);
    // The gone subscription was deleted: removing it now finds nothing.
    const removeGone = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json?endpoint=${encodeURIComponent(gone.subscription.endpoint)}&lang=en`, { method: 'DELETE', headers: { 'x-citizen-token': token } });
    expect(removeGone.status).toBe(404);
    // Removing the phone's stops the pushes: the next notification is skipped, never delivered.
    const remove = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, { method: 'DELETE', headers: { 'content-type': 'application/json', 'x-citizen-token': token }, body: JSON.stringify({ endpoint: phone.subscription.endpoint }) });
    expect(remove.status).toBe(200);
    expect(s.logs.join('\n')).not.toContain(phone.subscription.endpoint);
  });

  it('counts a notification without any subscription as skipped, and retries one a push service could not take', async () => {
    const { id: alone } = await s.submit();
    await s.act(alone, 'answer', { text: 'Done.' });
    const first = await s.runWorker();
    expect(first).toMatchObject({ delivered: 0, skipped: 1, failed: 0 });

    const { id, token } = await s.submit();
    const busy = pushService.subscribe(`busy-${backend}`);
    expect((await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, json(busy.subscription, token))).status).toBe(201);
    await s.act(id, 'answer', { text: 'Done.' });
    expect((await s.runWorker()).failed).toBe(1);
  });

  it('refuses a bad subscription, a wrong token and a private message of someone else, with Open311 errors in Persian and English', async () => {
    const { id, token } = await s.submit();
    const good = pushService.subscribe(`good-${backend}`).subscription;
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json?lang=en`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-citizen-token': token, ...headers }, body: JSON.stringify(body) });
    for (const bad of [
      { ...good, endpoint: 'http://push.example/insecure' },
      { ...good, endpoint: 'not a url' },
      { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 1).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: 'c2hvcnQ' } },
      { endpoint: good.endpoint },
    ]) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      const [error] = (await response.json()) as { code: number; description: string }[];
      expect(error!.code).toBe(400);
      expect(error!.description).toMatch(/push subscription/);
    }
    const fa = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, json({ endpoint: 'http://x' }, token));
    expect(((await fa.json()) as { description: string }[])[0]!.description).toMatch(/[\u0600-\u06FF]/);
    expect((await post(good, { 'x-citizen-token': 'not-the-token' })).status).toBe(403);
    const noToken = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) });
    expect(noToken.status).toBe(403);
    // A private (1888) message answers a stranger as a nonexistent one.
    const created = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', jurisdiction_id: '1888', description: 'An inspector asked me for money.' });
    const secret = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const stranger = await fetch(`${s.url}/open311/v2/requests/${secret}/subscriptions.json`, json(good, token));
    const missing = await fetch(`${s.url}/open311/v2/requests/${backend}-none/subscriptions.json`, json(good, token));
    expect(stranger.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await stranger.text()).toBe(await missing.text());
    // CORS lets a page on the city's site remove its subscription.
    const preflight = await fetch(`${s.url}/open311/v2/requests/${id}/subscriptions.json`, { method: 'OPTIONS', headers: { origin: 'https://www.tehran.ir', 'access-control-request-method': 'DELETE' } });
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
  });
});
