/**
 * The client in a real browser (Chromium), as a web app ships it: bundled from the sources,
 * served from one origin, calling the reference server on another, so every call goes through
 * CORS (preflights for the JSON body, `Idempotency-Key`, `X-Citizen-Token`, `Accept-Language`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startServer } from '@payam/server';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let api: Awaited<ReturnType<typeof startServer>>;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@payam/source'],
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  site = createServer((request, response) => {
    if (request.url === '/client.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(script);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>app</title><script type="module">import * as c from "/client.js"; window.payamClient = c;</script>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  api = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage();
  await page.goto(siteUrl);
  await page.waitForFunction(() => 'payamClient' in window);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

type ClientModule = typeof import('../src/index.js');
declare global {
  interface Window {
    payamClient: ClientModule;
  }
}

describe('in Chromium, across origins', () => {
  it('registers a message, reads it, adds a follow-up', async () => {
    const result = await page.evaluate(async (baseUrl) => {
      const payam = window.payamClient.createClient({ baseUrl, apiKey: 'demo', lang: 'en' });
      const created = await payam.requests.create({ system: '137', serviceCode: 'pothole', description: 'Pothole seen from the browser', region: '6' });
      const message = await payam.requests.get(created.id);
      const followed = await payam.requests.followUp(created.id, created.citizenToken, 'Still there');
      return {
        id: created.id,
        sameId: message.id === created.id,
        label: message.detailedStatus?.label,
        requestedAtIsDate: message.requestedAt instanceof Date,
        followUps: followed.timeline.filter((t) => t.type === 'follow_up').map((t) => t.text),
      };
    }, api.url);
    expect(result.sameId).toBe(true);
    expect(result.label).toMatch(/^[\x20-\x7E]+$/);
    expect(result.requestedAtIsDate).toBe(true);
    expect(result.followUps).toEqual(['Still there']);
  });

  it('gives the typed errors: API errors, refusals, abort and an unreachable server', async () => {
    const result = await page.evaluate(async (baseUrl) => {
      const { createClient, PayamApiError, PayamNetworkError } = window.payamClient;
      const payam = createClient({ baseUrl, apiKey: 'demo', retries: 0 });
      const notFound = await payam.requests.get('999999999').catch((e: unknown) => e);
      const badKey = await createClient({ baseUrl, apiKey: 'wrong' })
        .requests.create({ system: '137', description: 'x' })
        .catch((e: unknown) => e);
      const aborted = await payam.services.list({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      const unreachable = await createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'demo', retries: 0 })
        .services.list()
        .catch((e: unknown) => e);
      return {
        notFound: notFound instanceof PayamApiError ? notFound.status : String(notFound),
        badKey: badKey instanceof PayamApiError ? badKey.status : String(badKey),
        aborted: (aborted as DOMException).name,
        unreachable: unreachable instanceof PayamNetworkError,
      };
    }, api.url);
    expect(result).toEqual({ notFound: 404, badKey: 403, aborted: 'AbortError', unreachable: true });
  });

  it('takes the first read of a message from an answer the page was served with, until a write, and only in its language', async () => {
    const writer = (await import('../src/index.js')).createClient({ baseUrl: api.url, apiKey: 'demo' });
    const { id, citizenToken } = await writer.requests.create({ system: '137', serviceCode: 'pothole', description: 'چاله در خیابان', region: '6' });
    const address = `${api.url}/open311/v2/requests/${id}.json?extensions=true`;
    const served = (await (await fetch(address, { headers: { 'accept-language': 'fa' } })).json()) as { description: string }[];
    served[0]!.description = 'نوشته‌شده در صفحه';
    const fresh = await browser.newPage();
    try {
      const reads: string[] = [];
      fresh.on('request', (request) => {
        if (request.url().startsWith(`${api.url}/open311/v2/requests/${id}`)) reads.push(request.method());
      });
      await fresh.goto(siteUrl);
      await fresh.waitForFunction(() => 'payamClient' in window);
      const seen = await fresh.evaluate(
        async ({ baseUrl, address, answer, id, citizenToken }) => {
          const element = Object.assign(document.createElement('script'), { type: 'application/json', textContent: answer });
          element.setAttribute('data-payam-answer', address);
          element.setAttribute('lang', 'fa');
          document.head.append(element);
          const persian = window.payamClient.createClient({ baseUrl, apiKey: 'demo' });
          const english = window.payamClient.createClient({ baseUrl, apiKey: 'demo', lang: 'en' });
          const tracker = (await persian.requests.get(id, { citizenToken })).description;
          const feedbackForm = (await persian.requests.get(id)).description;
          const inEnglish = (await english.requests.get(id)).description;
          await persian.requests.followUp(id, citizenToken, 'هنوز درست نشده');
          const afterWrite = (await persian.requests.get(id)).description;
          return { tracker, feedbackForm, inEnglish, afterWrite };
        },
        { baseUrl: api.url, address, answer: JSON.stringify(served), id, citizenToken },
      );
      expect(seen).toEqual({ tracker: 'نوشته‌شده در صفحه', feedbackForm: 'نوشته‌شده در صفحه', inEnglish: 'چاله در خیابان', afterWrite: 'چاله در خیابان' });
      // The English read, the follow-up and the read after it went to the server; the two first reads did not.
      expect(reads.filter((method) => method !== 'OPTIONS')).toEqual(['GET', 'POST', 'GET']);
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
