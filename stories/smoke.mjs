// Renders every story of the built Storybook (storybook-static/) in Chromium and checks each one:
// no error while rendering, a widget on the canvas that shows text, and no untranslated text key.
// Each widget's generated docs page must show what custom-elements.json says of it: every
// attribute, event, part and CSS custom property by name.
// Writes JUnit XML (one test case per story) to $PAYAM_JUNIT or reports/stories.xml.
//
//   pnpm run build && node smoke.mjs
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright';

const root = resolve(import.meta.dirname, '../storybook-static');
const output = process.env.PAYAM_JUNIT ?? resolve(import.meta.dirname, 'reports/stories.xml');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
const TEXT_KEY = /\b(?:common|report|tracker|feedback)\.[a-z][A-Za-z]+\b|\bpayam:[a-z]/;

const server = createServer(async (request, response) => {
  const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
  if (!path.startsWith(root)) return response.writeHead(403).end();
  try {
    const body = await readFile(path);
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const base = `http://127.0.0.1:${server.address().port}`;
const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
const docsPages = Object.values(index.entries).filter((entry) => entry.type === 'docs');
const manifest = JSON.parse(await readFile(resolve(import.meta.dirname, '../packages/widgets/custom-elements.json'), 'utf8'));
const declarations = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName, d]));

// Every element the manifest declares: a new widget's stories are checked without editing this list.
const tags = [...declarations.keys()].join(', ');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
});
const cases = [];
try {
  const page = await browser.newPage();
  let problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Error rendering story/.test(message.text())) problems.push(message.text());
  });
  for (const story of stories) {
    problems = [];
    const started = Date.now();
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
    // A widget renders once its language's texts are loaded; give the story (and its play function) a moment.
    await page
      .waitForFunction((selector) => [...document.querySelectorAll(selector)].some((el) => el.shadowRoot?.textContent?.trim()), tags, { timeout: 5000 })
      .catch(() => undefined);
    await page.waitForTimeout(200);
    const shown = await page.evaluate((selector) => ({
      failed: document.body.classList.contains('sb-show-errordisplay'),
      text: [...document.querySelectorAll(selector)].map((el) => el.shadowRoot?.textContent ?? '').join(' '),
    }), tags);
    if (shown.failed) problems.push('Storybook shows an error for this story');
    if (!shown.text.trim()) problems.push('no widget shows any text');
    const key = TEXT_KEY.exec(shown.text);
    if (key) problems.push(`an untranslated text key is shown: ${key[0]}`);
    cases.push({ name: `${story.title} / ${story.name}`, seconds: (Date.now() - started) / 1000, problems: [...problems] });
    console.log(`${problems.length ? '✗' : '✓'} ${story.title} / ${story.name}${problems.length ? `: ${problems.join('; ')}` : ''}`);
  }
  for (const docs of docsPages) {
    problems = [];
    const started = Date.now();
    await page.goto(`${base}/iframe.html?id=${docs.id}&viewMode=docs`);
    const table = page.locator('.docblock-argstable').first();
    await table.waitFor({ timeout: 10_000 }).catch(() => problems.push('the docs page shows no table of the API'));
    const tag = (await page.evaluate((selector) => document.querySelector(selector)?.localName, tags.split(', ').map((t) => `#storybook-docs ${t}`).join(', '))) ?? docs.title.replace('Widgets/', 'payam-').toLowerCase().replaceAll(' ', '-');
    const declaration = declarations.get(tag);
    if (!declaration) problems.push(`custom-elements.json has no <${tag}>`);
    else {
      const text = (await table.textContent().catch(() => '')) ?? '';
      const names = [
        ...(declaration.attributes ?? []).map((a) => a.name),
        ...(declaration.events ?? []).map((e) => e.name),
        ...(declaration.cssParts ?? []).map((p) => p.name),
        ...(declaration.cssProperties ?? []).map((p) => p.name),
        ...(declaration.slots ?? []).map((s) => s.name),
      ];
      const missing = names.filter((name) => !text.includes(name));
      if (missing.length) problems.push(`the docs page of <${tag}> does not show ${missing.join(', ')}`);
      for (const event of declaration.events ?? []) if (event.type && !text.includes(event.type.text)) problems.push(`the docs page does not show the type of ${event.name}`);
    }
    cases.push({ name: `${docs.title} / docs`, seconds: (Date.now() - started) / 1000, problems: [...problems] });
    console.log(`${problems.length ? '✗' : '✓'} ${docs.title} / docs${problems.length ? `: ${problems.join('; ')}` : ''}`);
  }
} finally {
  await browser.close();
  server.close();
}

const escape = (text) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const failed = cases.filter((c) => c.problems.length > 0).length;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(
  output,
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="stories" tests="${cases.length}" failures="${failed}">\n${cases
    .map((c) => `  <testcase name="${escape(c.name)}" time="${c.seconds.toFixed(3)}"${c.problems.length ? `><failure message="${escape(c.problems.join('; '))}"/></testcase>` : '/>'}`)
    .join('\n')}\n</testsuite></testsuites>\n`,
);
console.log(`${cases.length - failed} of ${cases.length} stories and docs pages render`);
process.exit(failed > 0 ? 1 : 0);
