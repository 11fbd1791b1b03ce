// Duplicate search at scale on PostgreSQL, side by side with its baseline, in one run:
//   1. stores N generated messages (default 1,000,000) spread over Tehran and a year, with
//      generate_series (texts from the labelled set, 10 % without a location);
//   2. finds and scores the candidates of new messages (`rankSimilar`: the indexed query of
//      migrations 020–030, then core's `similarity`): p50/p95 over the probes, beside scoring every
//      message of the time window (the baseline), printed as a ratio;
//   3. registration throughput through the HTTP API (autocannon, varied texts and places) with the
//      duplicate search on and off, printed as a ratio, and how long the server with it on took to
//      search the messages still waiting when the run ended (the search runs after the answer),
//      printed with the load average of the machine.
//
//   pnpm build && node bench/duplicates-scale.mjs [--messages 1000000] [--probes 300] [--seconds 10] [--write]
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { duplicatePolicySchema, keysOfWords, similarity, splitMatchingWords } from '@payam/core';
import { loadCatalog, openDatabase, preparedRow, rankSimilar, serviceGroupOf } from '@payam/server';
import { startPostgres } from '../scripts/postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const total = option('messages', 1_000_000);
const probes = option('probes', 300);
const seconds = option('seconds', 10);
const here = import.meta.dirname;
const DAY = 86_400_000;
const { messages: texts } = JSON.parse(readFileSync(join(here, 'data/duplicates-eval.json'), 'utf8'));

const percentile = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => value.toFixed(2);

let seed = 7;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
// Tehran, roughly: 35.57–35.82 N, 51.20–51.60 E; the year before END.
const END = Date.parse('2026-11-29T06:00:00Z');
const place = () => ({ lat: 35.57 + random() * 0.25, long: 51.2 + random() * 0.4 });

const pg = await startPostgres();
const lines = [];
const say = (line) => {
  console.log(line);
  lines.push(line);
};
try {
  const db = await openDatabase({ databaseUrl: pg.url, demo: true });
  const catalog = await loadCatalog(db);
  const policy = duplicatePolicySchema.parse(catalog.settings.duplicates);

  // 1. The texts, then the messages, in the database itself.
  await db.query('CREATE TABLE bench_texts (i int PRIMARY KEY, description text, service text, grp text, keys text[], words text)');
  await db.query(
    `INSERT INTO bench_texts SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, description text, service text, grp text, keys text[], words text)`,
    [
      JSON.stringify(
        texts.map((t, i) => {
          // The columns a registration writes (the server's matchingColumns).
          const split = splitMatchingWords(t.description);
          return { i, description: t.description, service: t.serviceCode, grp: serviceGroupOf(catalog, t.serviceCode), keys: keysOfWords(split.words), words: `${split.words.join(' ')}\n${split.placeWords.join(' ')}` };
        }),
      ),
    ],
  );
  const started = performance.now();
  const chunk = 100_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await db.query(
      `INSERT INTO messages (id, system, service_code, description, lat, long, region, lang, citizen_token_hash, registered_at, updated_at,
         state, public_status, unit_id, snapshot, match_cell, match_group, match_keys, match_words)
       SELECT 'g-' || g, '137', t.service, t.description, x.lat, x.long, x.region, 'fa', 'g-' || g, x.at, x.at,
         'registered', 'received', 'call-center-137',
         -- A lifecycle snapshot as a registration writes it, so a new message can be linked to this one.
         jsonb_build_object('format', 'payam.lifecycle', 'version', 2, 'state', 'registered', 'context', jsonb_build_object(
           'messageId', 'g-' || g, 'system', '137', 'serviceCode', t.service, 'intakeUnitId', 'call-center-137', 'unitId', 'call-center-137',
           'registeredAt', to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'deadline', NULL, 'deadlineSeq', 0,
           'escalationLevel', 0, 'escalated', false, 'overdue', false, 'answer', NULL, 'answerCount', 0, 'feedbackWindow', NULL,
           'feedback', NULL, 'followUps', 0, 'firstMessageId', NULL, 'linkedMessageIds', '[]'::jsonb, 'reopenCount', 0,
           'suggestion', NULL, 'channels', '{}'::jsonb, 'lang', 'fa')),
         CASE WHEN x.lat IS NULL THEN NULL ELSE floor(x.lat / 0.005)::bigint::text || ':' || floor(x.long / 0.005)::bigint::text END,
         t.grp, t.keys, t.words
       FROM (SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 35.57 + random() * 0.25 END AS lat, 51.2 + random() * 0.4 AS long,
               (1 + g % 22)::text AS region, $3::timestamptz - random() * interval '365 days' AS at,
               floor(random() * $4)::int AS ti
             FROM generate_series($1::int, $2::int) AS g) AS x
       JOIN bench_texts t ON t.i = x.ti`,
      [from, to, new Date(END).toISOString(), texts.length],
    );
  }
  // As autovacuum leaves a table in service: statistics, visibility map and hint bits in place.
  await db.query('VACUUM ANALYZE');
  say(`${total.toLocaleString('en')} messages stored in ${((performance.now() - started) / 1000).toFixed(0)} s (generate_series, the indexes of migrations 020–030 in place)`);

  // 2. Probes: new messages somewhere in Tehran in the last year, 10 % without a location.
  const probe = (i) => {
    const text = texts[Math.floor(random() * texts.length)];
    const located = i % 10 !== 0;
    const where = place();
    return {
      id: `probe-${i}`, system: '137', service_code: text.serviceCode, description: text.description, address: null,
      lat: located ? where.lat : null, long: located ? where.long : null, region: String(1 + (i % 22)),
      registered_at: new Date(END - random() * 330 * DAY).toISOString(), unit_id: 'call-center-137', private: false, first_message_id: null, state: 'registered',
    };
  };
  for (let i = 0; i < 20; i++) await rankSimilar(db, catalog, probe(i)); // warm-up
  const times = [];
  let found = 0;
  for (let i = 0; i < probes; i++) {
    const row = probe(i);
    const t0 = performance.now();
    const similar = await rankSimilar(db, catalog, row);
    times.push(performance.now() - t0);
    found += similar.length;
  }
  const baselineTimes = [];
  let windowRows = 0;
  const baselineProbes = option('baseline-probes', 3);
  for (let i = 0; i < baselineProbes; i++) {
    const row = probe(i);
    const t0 = performance.now();
    const at = Date.parse(row.registered_at);
    const all = await db.query(
      `SELECT id, system, service_code, description, address, lat, long, region, registered_at, unit_id, private, first_message_id, state, match_words
       FROM messages WHERE system = '137' AND registered_at BETWEEN $1 AND $2`,
      [new Date(at - policy.windowDays * DAY).toISOString(), new Date(at + policy.windowDays * DAY).toISOString()],
    );
    const self = preparedRow(catalog, row);
    let best = 0;
    for (const other of all) best = Math.max(best, similarity(self, preparedRow(catalog, other), policy)?.score ?? 0);
    baselineTimes.push(performance.now() - t0);
    windowRows += all.length;
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const baseline = percentile(baselineTimes, 50);
  say('');
  say('| finding and scoring the candidates of a new message | p50 ms | p95 ms | ratio |');
  say('|---|---|---|---|');
  const located = times.filter((_, i) => i % 10 !== 0);
  const unlocated = times.filter((_, i) => i % 10 === 0);
  say(`| Payam: indexed candidates, then scored (${probes} probes, ${(found / probes).toFixed(1)} similar on average) | ${ms(p50)} | ${ms(p95)} (goal ≤ 10) | ${(baseline / p50).toFixed(0)}× faster at p50 (goal ≥ 100) |`);
  say(`| … of which located (by grid cell) | ${ms(percentile(located, 50))} | ${ms(percentile(located, 95))} | |`);
  say(`| … of which without a location (by region and words) | ${ms(percentile(unlocated, 50))} | ${ms(percentile(unlocated, 95))} | |`);
  say(`| baseline: every message of the ±${policy.windowDays}-day window scored (${baselineProbes} probes, ${Math.round(windowRows / baselineProbes).toLocaleString('en')} messages each) | ${ms(baseline)} | ${ms(percentile(baselineTimes, 95))} | 1 |`);

  // 3. Registration throughput with the duplicate search on and off.
  const startChild = (childArgs) =>
    new Promise((resolve, reject) => {
      const child = fork(join(here, 'payam-server.mjs'), childArgs, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      child.once('message', (m) =>
        resolve({
          url: m.url,
          // Resolves once every search of the messages it answered has run (stopping leaves the waiting ones to a worker).
          settle: () => new Promise((r) => { child.on('message', (x) => x === 'settled' && r()); child.send('settle'); }),
          stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }),
        }),
      );
      child.once('exit', (code) => reject(new Error(`payam-server.mjs exited with ${code}`)));
    });
  const register = async (url) => {
    const body = () => {
      const text = texts[Math.floor(random() * texts.length)];
      const where = place();
      // What each demo service requires besides the text.
      const required = {
        streetlight: { attribute: { lamp_state: 'off' }, address_string: 'خیابان ولیعصر' },
        garbage: { attribute: { waste_kind: ['household'] } },
        flooding: { region: '6' },
      }[text.serviceCode];
      return JSON.stringify({ api_key: 'demo', service_code: text.serviceCode, description: text.description, lat: where.lat, long: where.long, ...required });
    };
    const result = await new Promise((resolve, reject) =>
      autocannon(
        { url, connections: 32, duration: seconds, requests: [{ method: 'POST', path: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }] },
        (err, r) => (err ? reject(err) : resolve(r)),
      ),
    );
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + (result.non2xx ?? 0) };
  };
  const rates = {};
  for (const [name, flags] of [['off', ['--no-duplicate-links']], ['on', []]]) {
    const server = await startChild([pg.url, ...flags]);
    try {
      rates[name] = await register(server.url);
      // How long after the run the duplicate search of every message it answered took to run.
      const settling = performance.now();
      await server.settle();
      rates[name].drain = (performance.now() - settling) / 1000;
      // Messages still waiting for their search once the server says it has settled (none, when every search ran).
      const [{ left }] = await db.query('SELECT count(*)::int AS left FROM messages WHERE match_pending');
      rates[name].left = left;
    } finally {
      await server.stop();
    }
  }
  say('');
  say(`| registrations on ${total.toLocaleString('en')} messages (32 connections, ${seconds} s each) | per second | p99 ms | errors | ratio |`);
  say('|---|---|---|---|---|');
  say(`| duplicate search on (candidates and automatic link) | ${rates.on.rps.toFixed(0)} | ${rates.on.p99} | ${rates.on.errors} | ${(rates.on.rps / rates.off.rps).toFixed(2)} (goal ≥ 0.8) |`);
  say(`| duplicate search off | ${rates.off.rps.toFixed(0)} | ${rates.off.p99} | ${rates.off.errors} | 1 |`);
  say('');
  say(`Load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(', ')} (${availableParallelism()} cores).`);
  say('');
  say(`The duplicate search runs after each registration is answered, as background work that takes at most a quarter of the time while requests keep arriving; the server with it on took ${rates.on.drain.toFixed(1)} s after the run to search the messages still waiting (off: ${rates.off.drain.toFixed(1)} s), and left ${rates.on.left} unsearched.`);
  await db.close();
} finally {
  pg.stop();
}
if (args.includes('--write')) {
  writeFileSync(join(here, 'duplicates-scale.md'), `# Duplicate search at scale\n\n${new Date().toISOString().slice(0, 10)}, \`node bench/duplicates-scale.mjs ${args.join(' ')}\`:\n\n${lines.join('\n')}\n`);
}
