// Memory under made-up staff tokens: sends requests to `GET /staff/v1/messages/137-0`, each with
// a new random bearer token (401), on loopback, and prints the server process's heap (after a
// full garbage collection) before and after, beside a baseline run of the same server answering
// a tenth as many requests with one valid token (404: one query each, like a made-up token).
//
//   node bench/token-cache-heap.mjs [--requests 500000] [--max-seconds 300] [--connections 32]
//
// Needs the packages built (`pnpm build`). The count is bounded by --requests and the time by
// --max-seconds (whichever comes first; the figure says how many were sent); the baseline run
// sends a tenth as many, in at most a fifth of the time.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const total = option('requests', 500_000);
const maxSeconds = option('max-seconds', 300);
const connections = option('connections', 32);
const here = import.meta.dirname;

function startServerProcess() {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'token-cache-heap-server.mjs'), [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => {
      const ask = () => new Promise((answer) => { child.once('message', answer); child.send('heap'); });
      resolve({ url: m.url, ask, stop: () => new Promise((r) => { child.once('exit', r); child.send('stop'); }) });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

/** Sends `amount` requests, or as many as `seconds` allow, each with the token `token()` gives. */
function send(url, amount, seconds, token) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        amount,
        requests: [{ method: 'GET', path: '/staff/v1/messages/137-0', setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${token()}` } }) }],
      },
      (err, result) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(result);
      },
    );
    // autocannon ignores its duration when given an amount: the time bound is kept here.
    const timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const server = await startServerProcess();
try {
  // Warm-up: every code path compiled and every pool filled before the first figure.
  await send(server.url, 1_000, 30, () => 'demo-admin');
  await send(server.url, 1_000, 30, () => randomBytes(16).toString('hex'));
  const before = await server.ask();
  const statuses = (r) => `${r['2xx']} 2xx, ${r['4xx']} 4xx, ${r['5xx']} 5xx, ${r.errors + r.timeouts} errors, ${Math.round(r.requests.average)} req/s`;
  console.log(`server heap (after gc), requests on loopback at ${connections} connections`);
  console.log(`  before:                                    ${mb(before.heap)}  (staff tokens cached: ${before.cache.staffTokens})`);
  const baseline = await send(server.url, Math.round(total / 10), Math.ceil(maxSeconds / 5), () => 'demo-admin');
  const afterBaseline = await server.ask();
  console.log(`  after ${String(baseline.requests.total).padStart(7)} requests with a valid token:  ${mb(afterBaseline.heap)}  (cached: ${afterBaseline.cache.staffTokens}; ${statuses(baseline)})`);
  const random = await send(server.url, total, maxSeconds, () => randomBytes(16).toString('hex'));
  const after = await server.ask();
  console.log(`  after ${String(random.requests.total).padStart(7)} requests with random tokens: ${mb(after.heap)}  (cached: ${after.cache.staffTokens}; ${statuses(random)})`);
  console.log(`  growth from random tokens: ${mb(after.heap - afterBaseline.heap)}; heap after / before: ${(after.heap / before.heap).toFixed(3)} (baseline run: ${(afterBaseline.heap / before.heap).toFixed(3)})`);
} finally {
  await server.stop();
}
