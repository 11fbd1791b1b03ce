import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { startPushService } from './support/push-service.js';

describe('"notify me" on the example page, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  beforeAll(async () => {
    pushService = await startPushService();
    // The widgets are not needed here: the page's "notify me" listens for the report form's event.
    s = await startTestServer('pglite', { widgetsDir: mkdtempSync(join(tmpdir(), 'payam-no-widgets-')), push: { agent: new Agent({ ca: pushService.cert }) } });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await pushService?.close();
  });

  it('serves the push service worker for the whole site', async () => {
    const response = await s.get('/payam-push-worker.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('service-worker-allowed')).toBe('/');
    expect(await response.text()).toMatch(/addEventListener\('push'/);
  });

  it('registers the service worker, subscribes with the server’s VAPID key and sends the subscription, which then gets the message’s push', async () => {
    const { id, token } = await s.submit();
    const subscriber = pushService.subscribe('page');
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: s.url });
    const page = await context.newPage();
    // Headless Chromium has no push service to subscribe at: the browser's subscribe() answers with
    // the local push service's subscription, and records the key the page asked with.
    await page.addInitScript((subscription) => {
      const w = window as unknown as { __subscribedWith?: string };
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey;
        w.__subscribedWith = typeof key === 'string' ? key : '';
        return { endpoint: subscription.endpoint, toJSON: () => subscription } as unknown as PushSubscription;
      };
    }, subscriber.subscription);
    await page.goto(`${s.url}/`);
    expect(await page.locator('#notify').isHidden()).toBe(true);
    await page.evaluate(({ id, token }) => {
      document.getElementById('report')!.dispatchEvent(new CustomEvent('payam-submitted', { detail: { id, citizenToken: token }, bubbles: true, composed: true }));
    }, { id, token });
    await page.locator('#notify-button').click();
    await page.waitForFunction(() => (document.getElementById('notify-status')?.textContent ?? '').length > 0, undefined, { timeout: 30_000 });
    expect(await page.locator('#notify-status').textContent()).toMatch(/باخبر/);
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(worker).toBe(`${s.url}/payam-push-worker.js`);
    const { public_key } = (await (await s.get('/open311/v2/push/vapid_public_key.json')).json()) as { public_key: string };
    expect(await page.evaluate(() => (window as unknown as { __subscribedWith?: string }).__subscribedWith)).toBe(public_key);
    await context.close();

    // The subscription the page sent is the message's: its answer reaches the push service.
    await s.act(id, 'answer', { text: 'The pothole was filled.' });
    expect((await s.runWorker()).delivered).toBe(1);
    expect(pushService.errors).toEqual([]);
    expect(pushService.received.map((p) => [p.path, p.payload.messageId])).toEqual([['/push/page', id]]);
  }, 90_000);
});
