// The status tracker opened from the SMS link on a throttled phone profile: Chromium with Fast 3G
// network emulation (562.5 ms round trip, 1.6 Mbit/s down and 750 kbit/s up, each × 0.9, as
// Chromium's DevTools preset and Lighthouse define it) and the CPU slowed 4×, against the built
// server (`@payam/server` dist, in-memory PGlite, demo data) serving the demo page and the
// single-file widget bundle. A message is registered through the built client; the page is then
// opened from a fresh profile (empty cache), as from the SMS link, and the time from navigation
// start until the tracker shows the message's status is measured. Goal: ≤ 2.5 s.
//
// Baseline, in the same runs and on the same profile: the floor any page has, a minimal page (no
// widgets, no library) from a static server that fetches the same message from the same API with
// one `fetch` and writes its status as text. Payam's time over the baseline's is the ratio to it.
//
//   pnpm build && node bench/tracker-throttled.mjs [runs=3]
//
// Prints each run, when each request started and ended, and the medians beside the goal and the
// baseline with the ratios; exits non-zero, loudly, when Payam's median misses the goal. Needs
// /usr/bin/chromium (or PAYAM_CHROMIUM).
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { createClient } from '@payam/client';
import { buildTrackingLink } from '@payam/core';
import { startServer } from '@payam/server';
import { chromium } from 'playwright-core';

const GOAL_MS = 2500;
const loadStart = loadavg().map((n) => n.toFixed(2)).join(' ');
const runs = Math.max(1, Number(process.argv[2] ?? 3));
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;


/** The baseline page: one fetch of the same message, its status written as text. */
const baselinePage = (api, id) => `<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>baseline</title>
<p id="status"></p><script>fetch(${JSON.stringify(`${api}/open311/v2/requests/`)} + encodeURIComponent(${JSON.stringify(id)}) + '.json?extensions=true')
.then((r) => r.json()).then((d) => { document.getElementById('status').textContent = d[0].extended_attributes?.detailed_status?.code ?? d[0].status; });</script></html>`;

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true, workerIntervalMs: 0 });
const browser = await chromium.launch({
  executablePath: process.env.PAYAM_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const timings = [];
const baselineTimings = [];

/** Opens `url` in a fresh context on the throttled profile; milliseconds from navigation start until `readable` holds. */
async function measure(name, url, readable) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    const shown = await page.waitForFunction(readable, undefined, { polling: 50, timeout: 60_000 });
    const { ms, text } = await shown.jsonValue();
    const requests = await page.evaluate(() => [
      ...performance.getEntriesByType('navigation').map((e) => ({ name: 'page', start: 0, end: e.responseEnd, bytes: e.transferSize })),
      ...performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, bytes: e.transferSize })),
    ]);
    const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`${name}: "${text}" readable after ${(ms / 1000).toFixed(2)} s, ${(bytes / 1024).toFixed(1)} KB transferred`);
    for (const r of requests) console.log(`    ${r.name.padEnd(44)} ${(r.start / 1000).toFixed(2)}–${(r.end / 1000).toFixed(2)} s  ${(r.bytes / 1024).toFixed(1)} KB`);
    return ms;
  } finally {
    await context.close();
  }
}

try {
  const payam = createClient({ baseUrl: server.url, apiKey: 'demo' });
  const { id, citizenToken } = await payam.requests.create({ system: '137', serviceCode: 'pothole', description: 'چاله بزرگ جلوی ایستگاه اتوبوس', region: '6' });
  // The link exactly as the SMS carries it: core's tracking link on the page's address.
  const link = buildTrackingLink(`${server.url}/`, { messageId: id, citizenToken });
  const baselineSite = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(baselinePage(server.url, id)));
  await new Promise((done) => baselineSite.listen(0, '127.0.0.1', done));
  const baselineUrl = `http://127.0.0.1:${baselineSite.address().port}/`;
  const payamReadable = () => {
    const label = document.querySelector('payam-status-tracker')?.shadowRoot?.querySelector('.status-label');
    return label && label.textContent.trim() ? { ms: performance.now(), text: label.textContent.trim() } : false;
  };
  const baselineReadable = () => {
    const text = document.getElementById('status')?.textContent.trim();
    return text ? { ms: performance.now(), text } : false;
  };
  try {
    for (let run = 1; run <= runs; run++) {
      timings.push(await measure(`run ${run}`, link, payamReadable));
      baselineTimings.push(await measure(`run ${run} baseline`, baselineUrl, baselineReadable));
    }
  } finally {
    await new Promise((done) => baselineSite.close(done));
  }
} finally {
  await browser.close();
  await server.close();
}
const medianOf = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const median = medianOf(timings);
const baseline = medianOf(baselineTimings);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\ntracker from the SMS link, Fast 3G + ${CPU_SLOWDOWN}× CPU, median of ${timings.length} runs (load average ${loadStart} at the start, ${loadavg().map((n) => n.toFixed(2)).join(' ')} at the end, on ${availableParallelism()} cores):`);
console.log(`  Payam     ${seconds(median).padStart(8)}   goal ≤ ${seconds(GOAL_MS)}: ratio ${(median / GOAL_MS).toFixed(2)} ${median <= GOAL_MS ? 'within' : 'OVER'}`);
console.log(`  baseline  ${seconds(baseline).padStart(8)}   (one fetch, no widgets): Payam / baseline ${(median / baseline).toFixed(2)}`);
if (median > GOAL_MS) {
  console.error(`\n!!! the tracker took ${seconds(median)}, over the ${seconds(GOAL_MS)} goal !!!`);
  process.exit(1);
}
