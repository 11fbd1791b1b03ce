import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ACTIONS } from '@payam/core';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

describe.each(BACKENDS)('OpenAPI document and static pages on %s', (backend) => {
  let s: TestServer;
  const examples = mkdtempSync(join(tmpdir(), 'payam-examples-'));
  const widgets = mkdtempSync(join(tmpdir(), 'payam-widgets-'));
  beforeAll(async () => {
    writeFileSync(join(examples, 'index.html'), '<!doctype html><title>District 6</title><payam-report-form></payam-report-form>');
    mkdirSync(join(widgets, 'sub'));
    writeFileSync(join(widgets, 'payam-widgets.js'), 'export const ok = 1;');
    writeFileSync(join(widgets, 'payam-widgets.0123456789ab.js'), 'export const ok = 2;');
    writeFileSync(join(widgets, 'payam-widgets.js.map'), '{}');
    writeFileSync(join(widgets, 'large.js'), `export const texts = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `متن شماره ${i}`))};`);
    s = await startTestServer(backend, { examplesDir: examples, widgetsDir: widgets });
  });
  afterAll(() => s.close());

  it('describes every route in OpenAPI 3.1, generated from the schemas', async () => {
    const response = await s.get('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; items?: unknown }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe(s.url);
    for (const p of [
      '/open311/v2/discovery.{format}',
      '/open311/v2/services.{format}',
      '/open311/v2/services/{service_code}.{format}',
      '/open311/v2/requests.{format}',
      '/open311/v2/requests/{id}.{format}',
      '/open311/v2/requests/{id}/follow_ups.{format}',
      '/open311/v2/requests/{id}/feedback.{format}',
      '/open311/v2/tokens/{token}.{format}',
      '/open311/v2/stats/frequency.{format}',
      '/open311/v2/suggestions.{format}',
      '/staff/v1/queue',
      '/staff/v1/messages/{id}',
      '/staff/v1/stats/feedback',
      '/staff/v1/reports/feedback.xlsx',
      '/staff/v1/policies',
      '/staff/v1/messages/{id}/similar',
      '/staff/v1/messages/{id}/similar/{otherId}/dismiss',
      '/staff/v1/outbox/dead-letters',
      '/staff/v1/outbox/dead-letters/{id}/retry',
      '/healthz',
      '/readyz',
      '/metrics',
      ...STAFF_ACTIONS.map((a) => `/staff/v1/messages/{id}/actions/${a}`),
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(Object.keys(doc.paths.get ?? {})).toEqual([]);
    expect(doc.paths['/open311/v2/requests.{format}']).toHaveProperty('post');
    const request = doc.components.schemas.Request!;
    expect(Object.keys(request.properties ?? {})).toEqual(expect.arrayContaining(['service_request_id', 'status', 'extended_attributes', 'notes']));
    expect(Object.keys(doc.components.schemas.CreateRequestBody?.properties ?? {})).toEqual(expect.arrayContaining(['api_key', 'attribute', 'consent_text_version']));
    // Every reference points at a component.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const r of refs) expect(doc.components.schemas[r.split('/').at(-1)!], r).toBeDefined();
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves the example page and the widget bundles', async () => {
    const page = await s.get('/');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<payam-report-form>');
    const bundle = await s.get('/widgets/payam-widgets.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('access-control-allow-origin')).toBe('*');
    expect((await s.get('/widgets/nothing.js')).status).toBe(404);
  });

  it('writes the public answer of the message a tracking link opens into the page, and nothing for a private or unknown one', async () => {
    const { id, token } = await s.submit({ description: 'Water 1<2 & 3>2 "deep" near the school' });
    const opened = await s.get(`/?message=${id}#token=${token}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const html = await opened.text();
    const element = /<script type="application\/json" data-payam-answer="([^"]+)" lang="fa">([^<]*)<\/script>/.exec(html);
    expect(element?.[1]).toBe(`/open311/v2/requests/${id}.json?extensions=true`);
    const served = await s.get(element![1]!, { 'accept-language': 'fa' });
    expect(JSON.parse(element![2]!)).toEqual(await served.json());
    expect(JSON.parse(element![2]!)[0].description).toBe('Water 1<2 & 3>2 "deep" near the school');
    expect(element![2]).not.toMatch(/[<>&]/);
    expect(html).not.toContain(token);
    // The policy still names every inline script of the page as it was sent.
    expect(opened.headers.get('content-security-policy')).toContain("script-src 'self' 'sha256-");

    const complaint = await s.submit({ service_code: 'bribery', jurisdiction_id: '1888', description: 'The clerk asked for money.', lat: undefined, long: undefined });
    for (const address of [`/?message=${complaint.id}`, '/?message=137-99999999', '/?request=nothing']) {
      const page = await s.get(address);
      expect(page.status, address).toBe(200);
      const text = await page.text();
      expect(text, address).toContain('<payam-report-form>');
      expect(text, address).not.toContain('data-payam-answer');
    }
    expect(await (await s.get('/')).text()).not.toContain('data-payam-answer');
  });

  it('sends the page and the bundles compressed to a browser that accepts gzip, and whole to one that does not', async () => {
    const original = readFileSync(join(widgets, 'large.js'), 'utf8');
    const zipped = await s.get('/widgets/large.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toContain('javascript');
    expect(await zipped.text()).toBe(original);
    const plain = await s.get('/widgets/large.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(original);
    expect((await s.get('/widgets/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });

  it('lets any origin embed the bundles: CORS, content types, a year under a versioned name, briefly under the plain one', async () => {
    const origin = { origin: 'https://district6.example' };
    const versioned = await s.get('/widgets/payam-widgets.0123456789ab.js', origin);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('access-control-allow-origin')).toBe('*');
    expect(versioned.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(versioned.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await versioned.text()).toBe('export const ok = 2;');

    const plain = await s.get('/widgets/payam-widgets.js', origin);
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    expect(plain.headers.get('cache-control')).toMatch(/max-age=300\b/);
    expect(plain.headers.get('cache-control')).not.toContain('immutable');
    const map = await s.get('/widgets/payam-widgets.js.map', origin);
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(map.headers.get('access-control-allow-origin')).toBe('*');

    // A revalidation of an unchanged file costs no body.
    const etag = plain.headers.get('etag')!;
    // Compression (gzip for clients that accept it) makes the tag weak; it still revalidates.
    expect(etag).toMatch(/^(W\/)?"[\w-]+"$/);
    const again = await s.get('/widgets/payam-widgets.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await s.get('/widgets/payam-widgets.js', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('serves the optional Persian web font the example page uses, and nothing beside it', async () => {
    const css = await s.get('/fonts/vazirmatn/index.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const text = await css.text();
    expect(text).toContain("font-family: 'Vazirmatn'");
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(text)![1]!;
    const font = await s.get(`/fonts/vazirmatn/${file}`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await s.get('/fonts/vazirmatn/..%2fpackage.json')).status).toBe(404);
    expect((await s.get('/fonts/vazirmatn/..%2f..%2f..%2fpackage.json')).status).toBe(404);
  });

});

describe('static pages before a build', () => {
  let missing: TestServer;
  beforeAll(async () => {
    missing = await startTestServer('pglite', { examplesDir: join(tmpdir(), 'payam-none', 'examples'), widgetsDir: join(tmpdir(), 'payam-none', 'cdn') });
  });
  afterAll(() => missing.close());

  it('explains how to build when the page or the bundles are missing', async () => {
    const page = await missing.get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('pnpm build');
    const bundle = await missing.get('/widgets/payam-widgets.js');
    expect(bundle.status).toBe(404);
    expect(await bundle.text()).toContain('pnpm build');
  });
});
