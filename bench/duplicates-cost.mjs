// What a duplicate search costs: the same registrations as server-api.mjs (one text at one point,
// so every message is found similar to the first and linked), with the search off and on, each on
// a fresh database; the CPU the server's Node process and this cluster's PostgreSQL processes used
// from the first registration until every search had run, per registration, read from /proc
// (Linux). CPU, unlike requests per second, holds still when other work shares the machine.
//
//   pnpm build && node bench/duplicates-cost.mjs [--messages 4000] [--connections 32] [--statements]
//
// Prints one line per setting and the search's own cost (on minus off) per message; with
// `--statements`, also the statements that took most of PostgreSQL's time (pg_stat_statements,
// statements of triggers included) for each setting.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pgClient from 'pg';
import { startPostgres } from '../scripts/postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const messages = option('messages', 4000);
const connections = option('connections', 32);
const here = import.meta.dirname;
const TICK_MS = 10; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms.

/** User plus system CPU of a process, in clock ticks (0 once it has ended). */
function ticks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The processes of the cluster listening on `port`: its postmaster and the postmaster's children. */
function clusterProcesses(port) {
  const all = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  const postmaster = all.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.includes(`port=${port}`));
    } catch {
      return false;
    }
  });
  if (!postmaster) throw new Error(`No PostgreSQL listens on ${port}.`);
  return all.filter((pid) => {
    try {
      return pid === postmaster || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1] === postmaster;
    } catch {
      return false;
    }
  });
}

const description = 'چراغ روشنایی خیابان ولیعصر، نبش کوچه سوم، چند شب است خاموش است.';
const statements = args.includes('--statements');
const pg = await startPostgres(statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {});
const port = new URL(pg.url).port;
const results = {};
try {
  for (const [name, flags] of [['off', ['--no-duplicate-links']], ['on', []]]) {
    const database = `cost_${name}`;
    const admin = new pgClient.Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const databaseUrl = pg.url.replace(/\/payam$/, `/${database}`);
    if (statements) {
      const setup = new pgClient.Client({ connectionString: databaseUrl });
      await setup.connect();
      await setup.query('CREATE EXTENSION pg_stat_statements');
      await setup.query('SELECT pg_stat_statements_reset()');
      await setup.end();
    }
    const child = fork(join(here, 'payam-server.mjs'), [databaseUrl, ...flags], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
    const services = await (await fetch(`${url}/open311/v2/services.json?jurisdiction_id=137`)).json();
    const serviceCode = services[0].service_code;
    const definition = await (await fetch(`${url}/open311/v2/services/${serviceCode}.json`)).json();
    const attribute = {};
    for (const a of definition.attributes.filter((x) => x.required && x.variable)) {
      attribute[a.code] = a.values?.length ? (a.datatype === 'multivaluelist' ? [a.values[0].key] : a.values[0].key)
        : a.datatype === 'number' ? '1' : a.datatype === 'datetime' ? new Date().toISOString() : 'بله';
    }
    const body = JSON.stringify({ api_key: 'demo', jurisdiction_id: '137', service_code: serviceCode, description, lat: 35.7, long: 51.4, attribute });
    // The server's pool connects as it goes: the processes are read again at the end.
    const before = { node: ticks(child.pid), pg: Object.fromEntries(clusterProcesses(port).map((pid) => [pid, ticks(pid)])) };
    const started = performance.now();
    const load = await new Promise((resolve, reject) =>
      autocannon(
        { url, connections, amount: messages, requests: [{ method: 'POST', path: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, body }] },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const answered = performance.now();
    child.send('settle');
    await new Promise((resolve) => child.on('message', (m) => m === 'settled' && resolve()));
    const settled = performance.now();
    const node = ticks(child.pid) - before.node;
    const postgres = clusterProcesses(port).reduce((sum, pid) => sum + ticks(pid) - (before.pg[pid] ?? 0), 0);
    const db = new pgClient.Client({ connectionString: databaseUrl });
    await db.connect();
    const [counts] = (await db.query(`SELECT count(*) FILTER (WHERE first_message_id IS NOT NULL)::int AS linked, count(*) FILTER (WHERE match_pending)::int AS pending FROM messages`)).rows;
    if (statements) {
      const top = await db.query(
        `SELECT calls, round(total_exec_time)::int AS ms, round(mean_exec_time::numeric, 3) AS mean, regexp_replace(left(query, 110), '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 ORDER BY total_exec_time DESC LIMIT 10`,
        [database],
      );
      for (const row of top.rows) console.log(`  ${String(row.ms).padStart(7)} ms ${String(row.calls).padStart(6)} calls ${String(row.mean).padStart(8)} ms each  ${row.query}`);
    }
    await db.end();
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    const n = load.requests.total;
    results[name] = { n, node: (node * TICK_MS * 1000) / n, postgres: (postgres * TICK_MS * 1000) / n };
    console.log(
      `search ${name.padEnd(3)}: ${n} registrations (${load.non2xx} non-2xx) answered in ${((answered - started) / 1000).toFixed(1)} s, every search run ${((settled - answered) / 1000).toFixed(1)} s later; ` +
        `${counts.linked} linked, ${counts.pending} still pending; CPU per registration: Node ${results[name].node.toFixed(0)} µs, PostgreSQL ${results[name].postgres.toFixed(0)} µs`,
    );
  }
  const node = results.on.node - results.off.node;
  const postgres = results.on.postgres - results.off.postgres;
  console.log(`one search (on − off): Node ${node.toFixed(0)} µs, PostgreSQL ${postgres.toFixed(0)} µs, together ${(node + postgres).toFixed(0)} µs; the registration alone ${(results.off.node + results.off.postgres).toFixed(0)} µs`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  pg.stop();
}
