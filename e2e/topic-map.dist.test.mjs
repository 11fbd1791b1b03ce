// The topic map as a city's dashboard embeds it: the map's single file from the server as
// `pnpm start` runs it (the built `dist`), on a page of another origin, by its content-hashed name
// with the `integrity` hash of the tag the build wrote. A wrong hash is refused by the browser; the
// optional street map takes Leaflet from the Payam server, so nothing comes from a third host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { axeViolations, checkBuildIsFresh, CHROMIUM_FLAGS, CHROMIUM_PATH, screenshot, startDashboardPage, startPayam } from './support.mjs';

let payam;
let dashboard;
let browser;

before(async () => {
  checkBuildIsFresh();
  dashboard = await startDashboardPage(() => payam.url);
  payam = await startPayam(({ url }) => ({ PAYAM_PUBLIC_URL: url }));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await payam?.close();
  await dashboard?.close();
});

/** Opens the dashboard in a fresh context; every URL the page requests is kept. */
async function open(query = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested = [];
  const console = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('console', (message) => console.push(message.text()));
  await page.goto(`${dashboard.url}/dashboard${query}`);
  return { context, page, requested, console };
}

describe('the topic map embedded from another origin', () => {
  it('the tag the build wrote names the hashed file with its integrity hash', () => {
    assert.match(dashboard.snippet, new RegExp(`src="https://YOUR-PAYAM-SERVER/widgets/${dashboard.manifest.file.replaceAll('.', '\\.')}"`));
    assert.match(dashboard.manifest.file, /^payam-topic-map\.[0-9a-f]{12}\.js$/);
    assert.ok(dashboard.snippet.includes(`integrity="${dashboard.manifest.integrity}"`));
    assert.ok(dashboard.snippet.includes('crossorigin="anonymous"'));
  });

  it('runs with that integrity: draws the regions from the server, with its table, and is accessible', async () => {
    const { context, page, requested } = await open();
    await page.locator('payam-topic-map path.region').first().waitFor({ timeout: 30_000 });
    assert.ok(requested.includes(`${payam.url}/widgets/${dashboard.manifest.file}`), 'the hashed file is loaded');
    assert.ok((await page.locator('payam-topic-map path.region').count()) > 0);
    assert.ok((await page.locator('payam-topic-map table tbody tr').count()) > 0);
    assert.equal((await page.locator('payam-topic-map h2').textContent()).trim().length > 0, true);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'topic-map-embedded');
    await context.close();
  });

  it('is refused by the browser with a wrong integrity hash', async () => {
    const { context, page, console } = await open(`?integrity=${encodeURIComponent(`sha384-${'A'.repeat(64)}`)}`);
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => customElements.get('payam-topic-map') === undefined), true);
    assert.ok(console.some((line) => /integrity/i.test(line)), `an integrity error is reported: ${console.join(' | ')}`);
    await context.close();
  });

  it('with a street map, takes Leaflet from the Payam server: nothing is requested from a third host', async () => {
    const { context, page, requested } = await open('?tiles');
    await page.locator('payam-topic-map img.leaflet-tile-loaded').first().waitFor({ timeout: 30_000 });
    assert.ok(requested.some((url) => new RegExp(`^${payam.url}/widgets/leaflet-[0-9.]+\\.[0-9a-f]{12}\\.js$`).test(url)), 'Leaflet comes from the Payam server');
    const origins = new Set([dashboard.url, payam.url]);
    assert.deepEqual(requested.filter((url) => !url.startsWith('data:') && !origins.has(new URL(url).origin)), []);
    await context.close();
  });
});
