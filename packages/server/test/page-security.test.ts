import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { parseFrameAncestors } from '../src/http/headers.js';

/** The single-file widget bundle, built from the sources the way `pnpm build` builds it. */
async function buildWidgetBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'payam-cdn-'));
  await build({
    // The citizens' widgets and the dashboard's map, each a single file as the page loads them.
    entryPoints: {
      'payam-widgets': fileURLToPath(new URL('../../widgets/src/cdn.ts', import.meta.url)),
      'payam-topic-map': fileURLToPath(new URL('../../widgets/src/topic-map.ts', import.meta.url)),
    },
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    charset: 'utf8',
    conditions: ['@payam/source', 'browser', 'import'],
    logLevel: 'silent',
  });
  return dir;
}

describe('the pages the server serves, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let framing: Server;
  let framingUrl = '';
  const violations: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const widgetsDir = await buildWidgetBundle();
    // Another origin whose page frames the server's page.
    framing = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>District portal</title><iframe src="${decodeURIComponent(req.url?.slice(2) ?? '')}"></iframe>`);
    });
    await new Promise<void>((done) => framing.listen(0, '127.0.0.1', done));
    framingUrl = `http://127.0.0.1:${(framing.address() as { port: number }).port}`;
    s = await startTestServer('pglite', { widgetsDir, frameAncestors: ["'self'", framingUrl] });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage();
    // Runs before the page's own scripts, outside its policy.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
      (window as unknown as { __violations: string[] }).__violations = [];
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await new Promise<void>((done) => (framing ? framing.close(() => done()) : done()));
  });

  const pageViolations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('works under its Content-Security-Policy: the widgets load, register a message, and the page switches language', async () => {
    const response = await page.goto(`${s.url}/`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    await page.waitForFunction(() => (document.querySelector('payam-report-form')?.shadowRoot?.querySelectorAll('#service option').length ?? 0) > 1, null, { timeout: 30_000 });
    await page.locator('payam-report-form #description').fill('A broken bench in Laleh park.');
    await page.locator('payam-report-form button[type="submit"]').click();
    await page.locator('payam-report-form [part="tracking-code"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-lang="en"]').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await pageViolations()).toEqual([]);
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a script injected into the page', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect((await pageViolations()).some((v) => v.startsWith('script-src'))).toBe(true);
  });

  it('lets only the configured origins frame the page', async () => {
    const allowed = await browser.newPage();
    await allowed.goto(`${framingUrl}/?${encodeURIComponent(`${s.url}/`)}`);
    const frame = allowed.frames().find((f) => f.url().startsWith(s.url));
    await frame?.waitForSelector('payam-report-form', { state: 'attached', timeout: 30_000 });
    expect(frame).toBeDefined();
    await allowed.close();
    // Another origin (localhost is not 127.0.0.1) is refused by frame-ancestors.
    const other = await browser.newPage();
    const refused: string[] = [];
    other.on('console', (message) => refused.push(message.text()));
    const otherOrigin = framingUrl.replace('127.0.0.1', 'localhost');
    await other.goto(`${otherOrigin}/?${encodeURIComponent(`${s.url}/`)}`);
    await other.waitForTimeout(500);
    const framed = other.frames().find((f) => f.url().startsWith(s.url));
    const rendered = framed ? await framed.evaluate(() => !!document.querySelector('payam-report-form')).catch(() => false) : false;
    expect(rendered).toBe(false);
    expect(refused.some((m) => /frame-ancestors/.test(m))).toBe(true);
    await other.close();
  });

  it('sends nosniff on every answer and no-referrer, and never reflects the Host header', async () => {
    for (const path of ['/', '/widgets/payam-widgets.js', '/widgets/missing.js', '/open311/v2/services.json', '/open311/v2/services.xml', '/nowhere', '/staff/v1/queue']) {
      const response = await s.get(path, { 'x-forwarded-host': 'evil.example' });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      for (const [name, value] of response.headers) expect(`${name}: ${value}`, path).not.toContain('evil.example');
    }
    const home = await s.get('/');
    expect(home.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${framingUrl}`);
  });

  it('reads the frame-ancestors setting, refusing what could break the policy', () => {
    expect(parseFrameAncestors("'self'  https://www.tehran.ir")).toEqual(["'self'", 'https://www.tehran.ir']);
    expect(parseFrameAncestors("'none'")).toEqual(["'none'"]);
    for (const bad of ['', "'self'; script-src *", 'https://a.ir,https://b.ir', "'none' 'self'", 'javascript:alert(1)']) {
      expect(() => parseFrameAncestors(bad), bad).toThrow();
    }
  });
});
