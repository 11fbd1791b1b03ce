// What the end-to-end suite runs against: the reference server as `pnpm start` runs it (the built
// `dist`), a local SMS gateway speaking Kavenegar's protocol, and a municipal page on another
// origin that embeds the CDN bundle with its SRI hash.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const screenshots = join(root, 'reports', 'e2e');
const require = createRequire(import.meta.url);

/** The newest change under `dir` (ms). */
function newest(dir) {
  return Math.max(...readdirSync(dir, { recursive: true }).map((name) => statSync(join(dir, name)).mtimeMs));
}

/** Throws unless the built server and bundle are newer than every source they come from: the suite never tests a stale build. */
export function checkBuildIsFresh() {
  const cdn = join(root, 'packages', 'widgets', 'dist', 'cdn');
  const built = [join(root, 'packages', 'server', 'dist', 'cli.js'), join(cdn, 'payam-widgets.manifest.json'), join(cdn, 'payam-topic-map.manifest.json')];
  const sources = ['core', 'client', 'widgets', 'server'].map((pkg) => newest(join(root, 'packages', pkg, 'src')));
  let oldest;
  try {
    oldest = Math.min(...built.map((file) => statSync(file).mtimeMs));
  } catch {
    throw new Error('The packages are not built: run `pnpm build` at the repository root first.');
  }
  if (oldest < Math.max(...sources)) throw new Error('The build is older than the sources: run `pnpm build` at the repository root first.');
}

/** Listens on a free port of 9300–9399 (the suite's range), or any free port when all are taken. */
async function listen(server) {
  for (let port = 9300 + Math.floor(Math.random() * 100), tries = 0; tries < 100; tries++, port = 9300 + ((port - 9300 + 1) % 100)) {
    const ok = await new Promise((done) => {
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => done(true));
    });
    if (ok) return port;
  }
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return server.address().port;
}

/** A free port in the suite's range, for a process that opens it itself. */
async function freePort() {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((done) => probe.close(done));
  return port;
}

/** A local SMS gateway: `POST /v1/{key}/sms/send.json` with `receptor`, `message`, `localid`, as Kavenegar takes it. */
export async function startSmsGateway() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/v1\/([^/]+)\/sms\/send\.json$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json; charset=utf-8');
      if (req.method !== 'POST' || !match) {
        res.statusCode = 404;
        res.end(JSON.stringify({ return: { status: 404, message: 'not found' } }));
        return;
      }
      const form = new URLSearchParams(body);
      received.push({ apiKey: decodeURIComponent(match[1]), receptor: form.get('receptor'), message: form.get('message'), localid: form.get('localid') });
      res.end(JSON.stringify({ return: { status: 200, message: 'تایید شد' }, entries: [{ messageid: received.length, status: 1 }] }));
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Waits until an SMS to `receptor` arrives and returns it. */
    async smsTo(receptor, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const sms = received.find((s) => s.receptor === receptor);
        if (sms) return sms;
        await new Promise((done) => setTimeout(done, 200));
      }
      throw new Error(`no SMS to ${receptor} within ${timeoutMs} ms`);
    },
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * The municipal page on its own origin, embedding the bundle from the Payam server (`payamUrl()`,
 * known once it runs) with the SRI hash the build wrote. `integrity` replaces that hash (to prove
 * a wrong one is refused).
 */
export async function startCityPage(payamUrl) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', 'widgets', 'dist', 'cdn', 'payam-widgets.manifest.json'), 'utf8'));
  const template = readFileSync(join(import.meta.dirname, 'city-page.html'), 'utf8');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/track') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        template
          .replaceAll('%BUNDLE_URL%', `${payamUrl()}/widgets/${manifest.file}`)
          .replaceAll('%INTEGRITY%', url.searchParams.get('integrity') ?? manifest.integrity)
          .replaceAll('%PAYAM_URL%', payamUrl()),
      );
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, manifest, close: () => new Promise((done) => server.close(done)) };
}

/**
 * The city's dashboard page on its own origin, embedding the topic map's single file exactly as
 * the tag the build wrote (`dist/cdn/topic-map-snippet.html`) says, the Payam server's address put
 * in. `integrity` replaces the tag's hash (to prove a wrong one is refused); `tiles` gives the
 * street map tiles this page serves itself (`/tiles/{z}/{x}/{y}.png`).
 */
export async function startDashboardPage(payamUrl) {
  const cdn = join(root, 'packages', 'widgets', 'dist', 'cdn');
  const manifest = JSON.parse(readFileSync(join(cdn, 'payam-topic-map.manifest.json'), 'utf8'));
  const snippet = readFileSync(join(cdn, 'topic-map-snippet.html'), 'utf8').trim();
  const template = readFileSync(join(import.meta.dirname, 'dashboard-page.html'), 'utf8');
  const tile = readFileSync(join(dirname(createRequire(join(root, 'packages', 'widgets', 'package.json')).resolve('leaflet/package.json')), 'dist', 'images', 'layers.png'));
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/dashboard') {
      const integrity = url.searchParams.get('integrity');
      const tag = snippet.replaceAll('https://YOUR-PAYAM-SERVER', payamUrl()).replace(/integrity="[^"]*"/, (found) => (integrity ? `integrity="${integrity}"` : found));
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        template
          .replace('%SNIPPET%', tag)
          .replaceAll('%PAYAM_URL%', payamUrl())
          .replaceAll('%TILES%', url.searchParams.has('tiles') ? `${origin}/tiles/{z}/{x}/{y}.png` : ''),
      );
      return;
    }
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
      res.setHeader('content-type', 'image/png');
      res.setHeader('access-control-allow-origin', '*');
      res.end(tile);
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  const port = await listen(server);
  origin = `http://127.0.0.1:${port}`;
  return { url: origin, manifest, snippet, close: () => new Promise((done) => server.close(done)) };
}

/** Runs `node packages/server/dist/cli.js` (what `pnpm start` runs after its build) and waits until it listens. */
export async function startPayam(env) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'payam-e2e-'));
  const child = spawn(process.execPath, [join(root, 'packages', 'server', 'dist', 'cli.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PAYAM_DATA_DIR: dataDir, PAYAM_QUIET: '1', ...env({ url: `http://127.0.0.1:${port}` }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes('Payam is running at')) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => fail(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI to its exit with `env` and returns its exit code and output. */
export function runCli(env) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'packages', 'server', 'dist', 'cli.js')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** Takes a staff member's steps up to the answer (a stage already passed is refused, which is fine). */
export async function answerAsStaff(payamUrl, id, text) {
  const act = (action, body = {}) =>
    fetch(`${payamUrl}/staff/v1/messages/${encodeURIComponent(id)}/actions/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-admin' },
      body: JSON.stringify(body),
    });
  for (const action of ['triage', 'refer', 'start']) await act(action);
  const answered = await act('answer', { text });
  if (!answered.ok) throw new Error(`the answer was refused: ${answered.status} ${await answered.text()}`);
}

export { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';


const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page as it is now (open shadow roots included), as readable lines. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Saves a full-page screenshot under reports/e2e/. */
export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

