// Builds each framework recipe as its users would (`vite build`, the widgets from their built
// `dist`) and renders it in Chromium against the built Payam server, every page served from an
// origin of its own (another port on 127.0.0.1): the widget renders, its text shows in the page's
// language, and a citizen's registration reaches the framework through `payam-submitted`.
// Writes JUnit XML (one test case per recipe and step) to $PAYAM_JUNIT or reports/recipes.xml.
//
//   pnpm build && node examples/recipes/render.mjs
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { startServer } from '@payam/server';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;
const output = process.env.PAYAM_JUNIT ?? join(here, 'reports/recipes.xml');
const PLACEHOLDER = 'https://payam.example.city';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const texts = (lang) => JSON.parse(readFileSync(join(here, `../../packages/widgets/src/locales/${lang}.json`), 'utf8'));

const recipes = [
  { name: 'plain HTML', dir: join(here, 'plain-html'), root: join(here, 'plain-html'), lang: 'fa', note: '#registered' },
  { name: 'React 19 (Vite)', dir: join(here, 'react'), root: join(here, 'react/dist'), lang: 'fa', build: true, note: '[data-registered]' },
  { name: 'Vue 3 (Vite)', dir: join(here, 'vue'), root: join(here, 'vue/dist'), lang: 'en', build: true, note: '[data-registered]' },
];

/** A static server for one recipe's files on an origin of its own; the Payam address put in place of the placeholder. */
async function serveRecipe(root, payamUrl) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const path = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!path.startsWith(root)) return response.writeHead(403).end();
    try {
      let body = await readFile(path);
      if (extname(path) === '.html') body = Buffer.from(body.toString('utf8').replaceAll(PLACEHOLDER, payamUrl));
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}

const cases = [];
/** Runs one check and records it as a JUnit test case. */
async function check(recipe, name, body) {
  const started = Date.now();
  try {
    await body();
    cases.push({ classname: recipe.name, name, seconds: (Date.now() - started) / 1000 });
    console.log(`  ✓ ${recipe.name}: ${name}`);
  } catch (error) {
    cases.push({ classname: recipe.name, name, seconds: (Date.now() - started) / 1000, failure: String(error?.stack ?? error) });
    console.log(`  ✗ ${recipe.name}: ${name}\n    ${String(error?.message ?? error).split('\n').join('\n    ')}`);
  }
}

const payam = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true, workerIntervalMs: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  for (const recipe of recipes) {
    let built = !recipe.build;
    if (recipe.build) {
      await check(recipe, 'vite build', () => {
        const result = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: recipe.dir, env: { ...process.env, VITE_PAYAM_URL: payam.url }, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
        built = true;
      });
    }
    if (!built) continue;
    const site = await serveRecipe(recipe.root, payam.url);
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    // Resource failures are told by URL below (the browser's own favicon request is no concern).
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && problems.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && problems.push(`${response.status()} for ${response.url()}`));
    page.on('requestfailed', (request) => problems.push(`${request.failure()?.errorText} for ${request.url()}`));
    try {
      const t = texts(recipe.lang);
      await check(recipe, 'the report form renders with its text, and its services from the server on another origin', async () => {
        await page.goto(site.url);
        const form = page.locator('payam-report-form');
        // Playwright's CSS locators reach into open shadow roots.
        await form.locator('button[type="submit"]').filter({ hasText: t.report.submit }).waitFor({ timeout: 15_000 });
        await form.locator('#service option[value="pothole"]').waitFor({ state: 'attached', timeout: 15_000 });
        const label = await form.locator('label[for="description"]').textContent();
        if (!label?.includes(t.report.description)) throw new Error(`the description's label reads "${label}", not "${t.report.description}"`);
        if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
      });
      await check(recipe, 'a registration reaches the framework through payam-submitted, and the tracker shows it', async () => {
        const form = page.locator('payam-report-form');
        await form.locator('#service').selectOption('pothole');
        await form.locator('#description').fill(recipe.lang === 'fa' ? 'چاله‌ای بزرگ جلوی مدرسه' : 'A deep pothole in front of the school');
        await form.locator('#region').fill('6');
        await form.locator('#address').fill(recipe.lang === 'fa' ? 'خیابان آزادی، کوچه سوم' : 'Azadi St, 3rd alley');
        await form.locator('button[type="submit"]').click();
        const note = page.locator(recipe.note);
        await note.waitFor({ timeout: 15_000 });
        const id = await note.getAttribute('data-registered');
        if (!/^137-\d+$/.test(id ?? '')) throw new Error(`the page shows "${id}" as the tracking code`);
        if (!(await note.textContent())?.includes(id)) throw new Error('the framework did not render the tracking code');
        const stored = await fetch(`${payam.url}/open311/v2/requests/${id}.json`).then((r) => r.json());
        if (stored[0]?.service_code !== 'pothole') throw new Error(`the server does not hold ${id} as a pothole message`);
        const status = page.locator('payam-status-tracker .status-label');
        await status.waitFor({ timeout: 15_000 });
        if (!(await status.textContent())?.trim()) throw new Error('the tracker shows no status');
        if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
      });
    } finally {
      await page.close();
      await site.close();
    }
  }
} finally {
  await browser.close();
  await payam.close();
}

const escape = (text) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const failures = cases.filter((c) => c.failure).length;
mkdirSync(dirname(resolve(output)), { recursive: true });
writeFileSync(
  output,
  `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="framework recipes" tests="${cases.length}" failures="${failures}">
${cases.map((c) => `  <testcase classname="${escape(c.classname)}" name="${escape(c.name)}" time="${c.seconds.toFixed(3)}">${c.failure ? `<failure message="failed">${escape(c.failure)}</failure>` : ''}</testcase>`).join('\n')}
</testsuite></testsuites>
`,
);
console.log(`${cases.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
