// The worker's throughput on PostgreSQL, in one run:
//  1. Outbox: N feedback invitations sent by SMS to a local Kavenegar-style gateway that answers at
//     once, against the baseline of the same adapter calling the same gateway N times in a loop
//     (the gateway's own rate for one sender); the ratio is what the outbox's claims and
//     bookkeeping cost.
//  2. Deadlines: D due deadlines drained by 1 and by 2 server processes (built output, child
//     processes), each applied once (counted from the timeline afterwards); goal ≤ 60 s with 2.
//
//   node bench/outbox.mjs [--notifications 500] [--deadlines 100000] [--processes 1,2] [--baseline-dist <dir>]
//
// `--notifications 0` leaves the outbox part out; `--processes 2` drains with 2 processes only.
//
// Needs the packages built (`pnpm build`) and PostgreSQL binaries. Writes bench/outbox.md.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { kavenegarSms, startServer } from '@payam/server';
import { startPostgres } from '../scripts/postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const notifications = option('notifications', 500);
const deadlines = option('deadlines', 100_000);
const processCounts = (args.includes('--processes') ? args[args.indexOf('--processes') + 1] : '1,2').split(',').map(Number);
const here = import.meta.dirname;
const cluster = await startPostgres();
let databases = 0;

async function newDatabase() {
  const name = `outbox_bench_${++databases}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url.replace(/\/payam$/, `/${name}`);
}

/** Runs `work` over `items` with `width` at a time. */
async function pool(items, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function outboxThroughput() {
  let received = 0;
  const gateway = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"return":{"status":200,"message":"ok"}}');
    });
  });
  await new Promise((done) => gateway.listen(0, '127.0.0.1', done));
  const baseUrl = `http://127.0.0.1:${gateway.address().port}`;
  const sms = kavenegarSms({ apiKey: 'bench', baseUrl });

  // Baseline: the adapter straight to the gateway, one request after another.
  let started = performance.now();
  for (let i = 0; i < notifications; i++) await sms.send({ to: '+989121234567', text: 'پیام آزمایشی', idempotencyKey: `baseline-${i}` });
  const baseline = notifications / ((performance.now() - started) / 1000);

  // The messages are alike on purpose (one notification each): none is linked to another at registration.
  const server = await startServer({ port: 0, databaseUrl: await newDatabase(), demo: true, quiet: true, workerIntervalMs: 0, configCheckMs: 0, rateLimits: false, autoLinkDuplicates: false, adapters: { sms } });
  const ids = [];
  await pool(Array.from({ length: notifications }, (_, i) => i), 16, async (i) => {
    const response = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: `Pothole ${i}`, lat: 35.7, long: 51.4, phone: '09121234567' }),
    });
    if (response.status !== 201) throw new Error(`register: ${response.status}`);
    ids.push((await response.json())[0].service_request_id);
  });
  await pool(ids, 16, async (id) => {
    const response = await fetch(`${server.url}/staff/v1/messages/${id}/actions/answer`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer demo-admin' }, body: '{"text":"Fixed."}' });
    if (response.status !== 200) throw new Error(`answer: ${response.status}`);
  });
  const before = received;
  started = performance.now();
  let delivered = 0;
  while (delivered < notifications) {
    const run = await server.runWorker();
    if (run.delivered === 0) break;
    delivered += run.delivered;
  }
  const outbox = delivered / ((performance.now() - started) / 1000);
  await server.close();
  gateway.close();
  if (received - before !== notifications) throw new Error(`the gateway received ${received - before} of ${notifications}`);
  return { baseline, outbox };
}

function startChild(databaseUrl) {
  return new Promise((resolve, reject) => {
    // `--profile <dir>` writes each draining process's CPU profile there.
    const execArgv = args.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir', args[args.indexOf('--profile') + 1]] : [];
    const child = fork(join(here, 'outbox-drain.mjs'), [databaseUrl], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
    child.once('message', () => resolve({ stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }));
    child.once('exit', (code) => reject(new Error(`outbox-drain.mjs exited with ${code}`)));
  });
}

/** A database with `count` messages whose deadline is past due: one registered, copied in SQL. */
async function seedDeadlines(count) {
  const databaseUrl = await newDatabase();
  const server = await startServer({ port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, configCheckMs: 0 });
  const response = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: 'A pothole.', lat: 35.7, long: 51.4 }),
  });
  const id = (await response.json())[0].service_request_id;
  await server.close();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const columns = (await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'messages' ORDER BY ordinal_position")).rows.map((r) => r.column_name);
  // The copies' deadline falls due a minute ago, in their snapshots as in the deadlines table (a
  // deadline elapsing before the time its snapshot holds is ignored by the lifecycle).
  const [deadline] = (await db.query('SELECT due_at FROM deadlines WHERE message_id = $1', [id])).rows;
  const dueAt = new Date(Date.now() - 60_000).toISOString();
  const value = (column) =>
    ({ id: "'B-' || g", citizen_token_hash: "md5('B-' || g)", snapshot: "replace(replace(m.snapshot::text, $1, 'B-' || g), $2, $3)::json" })[column] ?? `m.${column}`;
  await db.query(`INSERT INTO messages (${columns.join(', ')}) SELECT ${columns.map(value).join(', ')} FROM messages m, generate_series(1, ${count}) g WHERE m.id = $1`, [id, deadline.due_at.toISOString(), dueAt]);
  await db.query(`INSERT INTO deadlines (id, message_id, stage, due_at) SELECT replace(d.id, $1, 'B-' || g), 'B-' || g, d.stage, $2::timestamptz FROM deadlines d, generate_series(1, ${count}) g WHERE d.message_id = $1`, [id, dueAt]);
  await db.query('ANALYZE');
  return { databaseUrl, db };
}

async function drain(processes) {
  const { databaseUrl, db } = await seedDeadlines(deadlines);
  const due = async () => Number((await db.query("SELECT count(*) AS n FROM deadlines WHERE due_at <= now() AND message_id LIKE 'B-%'")).rows[0].n);
  const started = performance.now();
  const children = await Promise.all(Array.from({ length: processes }, () => startChild(databaseUrl)));
  while ((await due()) > 0) await new Promise((done) => setTimeout(done, 250));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(children.map((c) => c.stop()));
  // Each deadline applied once: every copied message has exactly one escalation (or overdue) entry.
  const perMessage = (await db.query("SELECT n, count(*) AS messages FROM (SELECT message_id, count(*) AS n FROM timeline WHERE message_id LIKE 'B-%' AND type IN ('escalated', 'overdue') GROUP BY message_id) t GROUP BY n")).rows;
  await db.end();
  const once = perMessage.length === 1 && Number(perMessage[0].n) === 1 && Number(perMessage[0].messages) === deadlines;
  return { processes, seconds, rate: deadlines / seconds, once, perMessage: perMessage.map((r) => `${r.messages}×${r.n}`).join(', ') };
}

try {
  const { baseline, outbox } = notifications > 0 ? await outboxThroughput() : { baseline: NaN, outbox: NaN };
  const runs = [];
  for (const processes of processCounts) runs.push(await drain(processes));
  const lines = [
    `# Worker throughput (${new Date().toISOString().slice(0, 10)}, \`node bench/outbox.mjs --notifications ${notifications} --deadlines ${deadlines}\`)`,
    '',
    '| what | figure | baseline | ratio |',
    '|---|---|---|---|',
    ...(notifications > 0 ? [`| outbox: SMS notifications sent per second (one process) | ${outbox.toFixed(0)}/s | the adapter alone to the same gateway: ${baseline.toFixed(0)}/s | ${(outbox / baseline).toFixed(2)} |`] : []),
    ...runs.map((r) => `| ${deadlines} due deadlines drained, ${r.processes} process${r.processes > 1 ? 'es' : ''} | ${r.seconds.toFixed(1)} s (${r.rate.toFixed(0)}/s) | goal ≤ 60 s with 2 | ${r.once ? 'each applied once' : `NOT once: ${r.perMessage}`} |`),
    '',
    `Escalation entries per message after draining (messages × entries): ${runs.map((r) => `${r.processes}: ${r.perMessage}`).join('; ')}.`,
  ];
  console.log(lines.join('\n'));
  writeFileSync(join(here, 'outbox.md'), `${lines.join('\n')}\n`);
} finally {
  cluster.stop();
}
