// Load benchmark of the reference server's hot paths on PostgreSQL, side by side with a ceiling
// (a bare Hono + pg handler doing the same single-row insert/select), in one run, on loopback.
//
//   node bench/server-api.mjs [--seconds 10] [--connections 64]
//
// Needs the packages built (`pnpm build`) and PostgreSQL binaries. Prints requests/s, latency
// percentiles and the ratio to the ceiling; writes the table to bench/server-api.md.
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pgClient from 'pg';
import { RATE_LIMIT_DEFAULTS } from '@payam/server';
import { startPostgres } from '../scripts/postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = option('seconds', 10);
const connections = option('connections', 64);
const here = import.meta.dirname;

function startChild(script, childArgs) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, script), childArgs, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ url: m.url, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration: seconds, pipelining: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const summarize = (r) => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + (r.non2xx ?? 0),
  total: r.requests.total,
});

const description = 'چراغ روشنایی خیابان ولیعصر، نبش کوچه سوم، چند شب است خاموش است.';
const point = { lat: 35.7, long: 51.4 };

async function measure(name, url, { postPath, postBody, getPath, headers }) {
  const ids = [];
  // Warm-up, also collecting ids to read later.
  await run({ url, duration: 2, method: 'POST', path: postPath, headers, body: JSON.stringify(postBody(0)) });
  let n = 0;
  const post = await run({
    url,
    requests: [{
      method: 'POST',
      path: postPath,
      headers: { 'content-type': 'application/json', ...headers },
      setupRequest: (req) => ({ ...req, body: JSON.stringify(postBody(++n)), headers: { ...req.headers, 'idempotency-key': `bench-${name}-${n}-${Math.random().toString(36).slice(2)}` } }),
      onResponse: (status, body) => {
        if (status < 300 && ids.length < 20000) ids.push(JSON.parse(body)[0].service_request_id);
      },
    }],
  });
  const get = await run({
    url,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: getPath(ids[Math.floor(Math.random() * ids.length)]) }) }],
  });
  return { post: summarize(post), get: summarize(get), ids: ids.length };
}

const { Client } = pgClient;
const pg = await startPostgres();
const results = {};
try {
  const ceiling = await startChild('ceiling-server.mjs', [pg.url, '16']);
  results.ceiling = await measure('ceiling', ceiling.url, {
    postPath: '/requests.json',
    postBody: () => ({ description, ...point }),
    getPath: (id) => `/requests/${id}.json`,
    headers: { 'content-type': 'application/json' },
  });
  await ceiling.stop();

  // The limits counted as in production (in PostgreSQL, every limit on) but never reached, so
  // their cost shows without refusals: every request here comes from one loopback address.
  const unreachable = Object.fromEntries(Object.keys(RATE_LIMIT_DEFAULTS).map((name) => [name, { points: 1e9, seconds: 60 }]));
  for (const [key, options] of [
    ['payam', { rateLimits: unreachable }],
    ['noLimits', { rateLimits: false }],
    ['bare', { rateLimits: false, requestMetrics: false }],
    // Every registration here is the same text at the same point, so each is found similar and
    // linked to the first after it is answered: this run shows what that search costs.
    ['noSearch', { rateLimits: unreachable, autoLinkDuplicates: false }],
    // Neither the limits nor the search: what the trees before them measured as Payam.
    ['plain', { rateLimits: false, autoLinkDuplicates: false }],
  ]) {
    // A fresh database for each, so each starts from the same table sizes.
    const database = `bench_${key.toLowerCase()}`;
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const payam = await startChild('payam-server.mjs', [pg.url.replace(/\/payam$/, `/${database}`), JSON.stringify(options)]);
    const services = await (await fetch(`${payam.url}/open311/v2/services.json?jurisdiction_id=137`)).json();
    const serviceCode = services[0].service_code;
    // Fill the service's required fields as a citizen would.
    const definition = await (await fetch(`${payam.url}/open311/v2/services/${serviceCode}.json`)).json();
    const attribute = {};
    for (const a of definition.attributes.filter((x) => x.required && x.variable)) {
      attribute[a.code] = a.values?.length ? (a.datatype === 'multivaluelist' ? [a.values[0].key] : a.values[0].key)
        : a.datatype === 'number' ? '1' : a.datatype === 'datetime' ? new Date().toISOString() : 'بله';
    }
    results[key] = await measure(key, payam.url, {
      postPath: '/open311/v2/requests.json',
      postBody: () => ({ api_key: 'demo', jurisdiction_id: '137', service_code: serviceCode, description, ...point, attribute }),
      getPath: (id) => `/open311/v2/requests/${id}.json?extensions=true`,
      headers: { 'content-type': 'application/json' },
    });
    await payam.stop();
  }
} finally {
  pg.stop();
}

const fmt = (x, d = 0) => x.toFixed(d);
const goals = { post: 0.5, get: 0.6 };
const lines = [
  `Load on loopback, PostgreSQL ${''}(throwaway cluster), ${connections} connections, ${seconds} s per measurement, ${availableParallelism()} cores, Node ${process.version}.`,
  '',
  '| endpoint | ceiling req/s | Payam req/s | ratio (goal) | Payam p50 ms | Payam p99 ms (goal < 50) | errors |',
  '|---|---|---|---|---|---|---|',
];
const endpoints = [['post', 'POST /open311/v2/requests.json'], ['get', 'GET /open311/v2/requests/{id}.json?extensions=true']];
for (const [key, label] of endpoints) {
  const c = results.ceiling[key];
  const p = results.payam[key];
  const ratio = p.rps / c.rps;
  lines.push(`| ${label} | ${fmt(c.rps)} | ${fmt(p.rps)} | ${fmt(ratio, 2)} (≥ ${goals[key]}) ${ratio >= goals[key] ? '✓' : '✗'} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} ${p.p99 < 50 ? '✓' : '✗'} | ${p.errors} |`);
}
lines.push(
  '',
  'What the abuse limits (counted in PostgreSQL, never reached) and the request metrics cost: Payam as configured by default, without the limits, and without the limits and the request metrics.',
  '',
  '| endpoint | limits + metrics req/s (p99 ms) | no limits req/s (p99 ms) | neither req/s (p99 ms) | limits cost (ratio to no limits) | metrics cost (ratio no limits / neither) |',
  '|---|---|---|---|---|---|',
);
for (const [key, label] of endpoints) {
  const [p, n, b] = [results.payam[key], results.noLimits[key], results.bare[key]];
  lines.push(`| ${label} | ${fmt(p.rps)} (${fmt(p.p99, 1)}) | ${fmt(n.rps)} (${fmt(n.p99, 1)}) | ${fmt(b.rps)} (${fmt(b.p99, 1)}) | ${fmt(p.rps / n.rps, 2)} | ${fmt(n.rps / b.rps, 2)} |`);
}
lines.push(
  '',
  'What the duplicate search after each registration costs (every registration of this bench is found similar and linked, the worst case; the searches queued by the POST run go on during the GET run): Payam as configured by default, and without the search.',
  '',
  '| endpoint | with the search req/s (p99 ms) | without req/s (p99 ms) | ratio |',
  '|---|---|---|---|',
);
for (const [key, label] of endpoints) {
  const [p, n] = [results.payam[key], results.noSearch[key]];
  lines.push(`| ${label} | ${fmt(p.rps)} (${fmt(p.p99, 1)}) | ${fmt(n.rps)} (${fmt(n.p99, 1)}) | ${fmt(p.rps / n.rps, 2)} |`);
}
lines.push(
  '',
  "Payam's own path, with neither the limits nor the search (the request metrics on): what the bench measured as Payam before they existed, to compare with earlier trees.",
  '',
  '| endpoint | req/s | p50 ms | p99 ms | ratio to the ceiling |',
  '|---|---|---|---|---|',
);
for (const [key, label] of endpoints) {
  const p = results.plain[key];
  lines.push(`| ${label} | ${fmt(p.rps)} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.rps / results.ceiling[key].rps, 2)} |`);
}
const table = lines.join('\n');
console.log(table);
// Sections written by hand below the figures (## headings) are kept when the figures are rewritten.
const previous = existsSync(join(here, 'server-api.md')) ? readFileSync(join(here, 'server-api.md'), 'utf8') : '';
const kept = previous.includes('\n## ') ? previous.slice(previous.indexOf('\n## ')) : '';
writeFileSync(join(here, 'server-api.md'), `# Server API load benchmark\n\n\`node bench/server-api.mjs\` (after \`pnpm build\`), last run ${new Date().toISOString().slice(0, 10)}:\n\n${table}\n\nThe ceiling is a bare Hono handler doing the same single-row insert/select through \`pg\` (bench/ceiling-server.mjs). Payam (first table: the abuse limits on, as by default, counted but never reached) does, per POST: validation, the lifecycle's first transition, and in one statement (shared with the registrations that arrived meanwhile) the message, its snapshot, timeline, deadline and idempotency rows; per GET: the message, its public timeline and the derived status, label and explanation.\n${kept}`);
