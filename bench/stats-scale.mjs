// Statistics at a city's scale, on PostgreSQL, through the HTTP API of the built server:
//  1. The public frequency query for a Jalali year by month × region × service, and the staff
//     feedback statistics by unit and month, over M generated messages (default 1,500,000, a
//     Tehran year: 22 districts, seasonal topics, ~60 % answered, ~40 % of those with feedback);
//     p50 and p95 of R runs each, beside the same SQL run as a plain scan (index and bitmap scans
//     off), printed as a ratio. Goal: p95 ≤ 300 ms each.
//  2. The Excel feedback report over X feedback rows (default 100,000): time, and the peak
//     resident memory above the idle process. Goal ≤ 150 MB.
//
//   node bench/stats-scale.mjs [--messages 1500000] [--runs 20] [--report-rows 100000]
//
// Needs the packages built (`pnpm build`) and PostgreSQL binaries. Writes bench/stats-scale.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startServer } from '@payam/server';
import { startPostgres } from '../scripts/postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const messages = option('messages', 1_500_000);
const runs = option('runs', 20);
const reportRows = option('report-rows', 100_000);
const here = import.meta.dirname;
const GOAL_MS = 300;
const GOAL_MB = 150;

const cluster = await startPostgres();
process.on('exit', () => cluster.stop());
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query('CREATE DATABASE stats_bench');
await admin.end();
const databaseUrl = cluster.url.replace(/\/payam$/, '/stats_bench');

// The Jalali year 1404 (21 March 2025 – 20 March 2026), Tehran time.
const yearStart = Date.parse('2025-03-20T20:30:00Z');
const yearEnd = Date.parse('2026-03-20T20:30:00Z');
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, databaseUrl, demo: true, rateLimits: false, workerIntervalMs: 0, logger: { info() {}, error() {} }, now: () => new Date(yearEnd + 86_400_000) });
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();

console.log(`generating ${messages.toLocaleString('en')} messages…`);
let started = performance.now();
// Seasonal topics: flooding in spring (days 0–90), leaves and trees in autumn (days 180–270),
// the rest all year; districts weighted unevenly; 1888 messages private.
await db.query(
  `INSERT INTO messages (id, system, service_code, description, region, lang, private, citizen_token_hash,
     registered_at, updated_at, state, public_status, unit_id, snapshot)
   SELECT CASE WHEN i % 10 = 0 THEN '1888-b' ELSE '137-b' END || i,
     CASE WHEN i % 10 = 0 THEN '1888' ELSE '137' END,
     CASE WHEN i % 10 = 0 THEN (ARRAY['staff-misconduct','bribery','contractor-misconduct'])[1 + i % 3]
          WHEN day < 90 AND i % 3 = 0 THEN 'flooding'
          WHEN day BETWEEN 180 AND 270 AND i % 3 = 0 THEN 'trees'
          ELSE (ARRAY['pothole','garbage','streetlight','trees','flooding','pothole','garbage'])[1 + (i / 7) % 7] END,
     'bench', NULL, 'fa', i % 10 = 0, md5(i::text),
     to_timestamp($1::double precision / 1000 + day * 86400 + (i % 86400)),
     to_timestamp($1::double precision / 1000 + day * 86400 + (i % 86400)),
     CASE WHEN i % 5 < 3 THEN 'closed' ELSE 'triage' END,
     CASE WHEN i % 5 < 3 THEN 'closed' ELSE 'received' END,
     'district-' || (1 + (i * 7 + i / 11) % 22), '{}'::json
   FROM (SELECT i, ((i::bigint * 365) / $2)::int AS day FROM generate_series(1, $2::int) AS i) AS g`,
  [yearStart, messages],
);
await db.query(`UPDATE messages SET region = substring(unit_id from 10) WHERE id LIKE '%-b%'`);
// Answers two days after registration, feedback for two answers in five, then the window's close.
await db.query(
  `INSERT INTO timeline (message_id, type, at, actor_role, visibility, text, data)
   SELECT id, 'answered', registered_at + interval '2 days', 'handler', 'public', 'Done.', '{}'::jsonb FROM messages WHERE state = 'closed'`,
);
await db.query(
  `INSERT INTO timeline (message_id, type, at, actor_role, visibility, text, data)
   SELECT id, 'feedback', registered_at + interval '5 days', 'citizen', 'public', NULL,
     jsonb_build_object('resolved', (ARRAY['yes','partly','no'])[1 + abs(hashtext(id)) % 3], 'rating', 1 + abs(hashtext(id || 'r')) % 5)
   FROM messages WHERE state = 'closed' AND abs(hashtext(id)) % 5 < 2`,
);
await db.query(
  `INSERT INTO timeline (message_id, type, at, actor_role, visibility, data)
   SELECT id, 'closed', registered_at + interval '33 days', 'system', 'public', '{}'::jsonb FROM messages WHERE state = 'closed'`,
);
await db.query('ANALYZE');
const [{ count: timelineRows }] = (await db.query('SELECT count(*)::int AS count FROM timeline')).rows;
console.log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s (${timelineRows.toLocaleString('en')} timeline entries)`);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
async function timed(label, fn) {
  await fn(); // warm
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { label, p50: percentile(times, 50), p95: percentile(times, 95) };
}
async function get(path, headers = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const analyst = { authorization: 'Bearer demo-analyst' };
const year = 'from=1404-01-01&to=1404-12-29';
const frequencyPath = `/open311/v2/stats/frequency.json?bucket=month&${year}`;
const feedbackPath = `/staff/v1/stats/feedback?by=unit,period&bucket=month&${year}`;
const frequency = await get(frequencyPath);
console.log(`frequency: ${frequency.rows.length} cells over ${frequency.periods.length} months`);
const ours = [await timed('frequency, a year by month × region × service', () => get(frequencyPath)), await timed('feedback statistics by unit × month', () => get(feedbackPath, analyst))];

// The plain scan: the same aggregates with the planner kept from every index.
const bounds = JSON.stringify([...frequency.periods.map((p) => p.from), frequency.periods.at(-1).to]);
const plainSql = [
  [
    `SELECT region, service_code, width_bucket(registered_at, ARRAY(SELECT jsonb_array_elements_text($1::jsonb)::timestamptz)) AS bucket, count(*)::int
     FROM messages WHERE NOT private AND system <> '1888' AND registered_at >= $2 AND registered_at < $3 GROUP BY 1, 2, 3`,
    [bounds, frequency.from, frequency.to],
  ],
  [
    `SELECT m.unit_id, width_bucket(t.at, ARRAY(SELECT jsonb_array_elements_text($1::jsonb)::timestamptz)) AS bucket, count(*),
       count(*) FILTER (WHERE f.id IS NOT NULL), avg((f.data->>'rating')::int)
     FROM timeline t JOIN messages m ON m.id = t.message_id LEFT JOIN timeline f ON f.message_id = m.id AND f.type = 'feedback'
     WHERE t.type = 'answered' AND t.at >= $2 AND t.at < $3 GROUP BY 1, 2`,
    [bounds, frequency.from, frequency.to],
  ],
];
await db.query('SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off');
const plain = [];
for (const [sql, params] of plainSql) plain.push(await timed('plain scan', () => db.query(sql, params)));

// The Excel report: feedback rows of the first months of the year, about `reportRows` of them.
const [{ at: reportTo }] = (
  await db.query(`SELECT at FROM timeline WHERE type = 'feedback' ORDER BY at OFFSET $1 LIMIT 1`, [Math.max(0, reportRows - 1)])
).rows;
global.gc?.();
const idle = process.memoryUsage().rss;
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
started = performance.now();
const report = await fetch(`${server.url}/staff/v1/reports/feedback.xlsx?to=${encodeURIComponent(new Date(reportTo).toISOString())}`, { headers: analyst });
const bytes = (await report.arrayBuffer()).byteLength;
const reportSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const aboveIdleMb = (peak - idle) / 1024 / 1024;

const ms = (v) => `${v.toFixed(0)} ms`;
const lines = [
  `# Statistics at a city's scale (PostgreSQL)`,
  '',
  `\`node bench/stats-scale.mjs --messages ${messages} --runs ${runs} --report-rows ${reportRows}\`, ${new Date().toISOString().slice(0, 10)}, ${timelineRows.toLocaleString('en')} timeline entries.`,
  '',
  '| query | p50 | p95 | plain scan p95 | plain ÷ Payam | goal p95 ≤ 300 ms |',
  '|---|---|---|---|---|---|',
  ...ours.map((o, i) => `| ${o.label} | ${ms(o.p50)} | ${ms(o.p95)} | ${ms(plain[i].p95)} | ${(plain[i].p95 / o.p95).toFixed(2)} | ${o.p95 <= GOAL_MS ? 'met' : 'MISSED'} |`),
  '',
  `Excel feedback report, ${reportRows.toLocaleString('en')} rows: ${reportSeconds.toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB file, peak memory ${aboveIdleMb.toFixed(0)} MB above the idle process (goal ≤ ${GOAL_MB} MB: ${aboveIdleMb <= GOAL_MB ? 'met' : 'MISSED'}).`,
];
console.log(lines.join('\n'));
writeFileSync(join(here, 'stats-scale.md'), `${lines.join('\n')}\n`);
await db.end();
await server.close();
