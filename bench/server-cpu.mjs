// Where a request's CPU goes: the same requests as server-api.mjs (POST, then GET of the messages
// registered) on the ceiling and on Payam with neither the abuse limits nor the duplicate search
// (what earlier trees measured as Payam), with the CPU each side used per request, read from
// /proc (Linux): the server's Node process and all PostgreSQL processes together. On a shared
// machine, CPU per request moves far less from run to run than requests per second, so this is
// the figure to compare trees by: run it in each tree, one after the other, more than once.
// `payam-w` is Payam again with what a registration writes for the duplicate search and the
// statistics taken out of PostgreSQL (their trigger and indexes dropped), and the last line the
// Node time of a description's matching words, worked out in a loop: what those features cost.
//
//   node bench/server-cpu.mjs [--seconds 8] [--connections 32]
//
// Needs the packages built (`pnpm build`) and PostgreSQL binaries. Prints one line per server
// and request; diagnostic, no goal.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pgClient from 'pg';
import { startPostgres } from '../scripts/postgres.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = option('seconds', 8);
const connections = option('connections', 32);
const here = import.meta.dirname;
const TICK_US = 10_000; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms.

/** User and system CPU of a process, in clock ticks. */
function cpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU of every PostgreSQL process, in clock ticks. */
function postgresCpu() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!raw.includes('(postgres)')) continue;
      const fields = raw.split(') ')[1].split(' ');
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

const description = 'چراغ روشنایی خیابان ولیعصر، نبش کوچه سوم، چند شب است خاموش است.';
const pg = await startPostgres();
try {
  const payamArgs = [pg.url, JSON.stringify({ rateLimits: false, autoLinkDuplicates: false })];
  for (const [name, script, args] of [['ceiling', 'ceiling-server.mjs', [pg.url, '16']], ['payam', 'payam-server.mjs', payamArgs], ['payam-w', 'payam-server.mjs', payamArgs]]) {
    const child = fork(join(here, script), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
    if (name === 'payam-w') {
      // What a registration writes for the duplicate search and the statistics, taken out (last,
      // on the same cluster): the trigger that writes its words and its count, and the indexes
      // of migrations 020–030 on messages. What remains is Payam's own path, to compare with
      // trees before those features; the difference is what they cost in PostgreSQL.
      const client = new pgClient.Client(pg.url);
      await client.connect();
      await client.query('DROP TRIGGER messages_added ON messages; DROP INDEX messages_match_cell, messages_match_pending, messages_match_region');
      await client.end();
    }
    let post;
    let getPath;
    if (name === 'ceiling') {
      post = { path: '/requests.json', body: { description, lat: 35.7, long: 51.4 } };
      getPath = (id) => `/requests/${id}.json`;
    } else {
      // The first service of 137, its required fields filled as a citizen would.
      const [service] = await (await fetch(`${url}/open311/v2/services.json?jurisdiction_id=137`)).json();
      const definition = await (await fetch(`${url}/open311/v2/services/${service.service_code}.json`)).json();
      const attribute = {};
      for (const a of definition.attributes.filter((x) => x.required && x.variable)) {
        attribute[a.code] = a.values?.length ? (a.datatype === 'multivaluelist' ? [a.values[0].key] : a.values[0].key) : a.datatype === 'number' ? '1' : 'بله';
      }
      post = { path: '/open311/v2/requests.json', body: { api_key: 'demo', jurisdiction_id: '137', service_code: service.service_code, description, lat: 35.7, long: 51.4, attribute } };
      getPath = (id) => `/open311/v2/requests/${id}.json?extensions=true`;
    }
    const ids = [];
    let n = 0;
    const load = (kind, duration) =>
      new Promise((resolve, reject) =>
        autocannon(
          {
            url,
            connections,
            duration,
            requests: [
              kind === 'POST'
                ? {
                    method: 'POST',
                    path: post.path,
                    headers: { 'content-type': 'application/json' },
                    setupRequest: (req) => ({ ...req, body: JSON.stringify(post.body), headers: { ...req.headers, 'idempotency-key': `cpu-${++n}-${Math.random().toString(36).slice(2)}` } }),
                    onResponse: (status, body) => {
                      if (status < 300 && ids.length < 20000) ids.push(JSON.parse(body)[0].service_request_id);
                    },
                  }
                : { method: 'GET', setupRequest: (req) => ({ ...req, path: getPath(ids[Math.floor(Math.random() * ids.length)]) }) },
            ],
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
    for (const kind of ['POST', 'GET']) {
      await load(kind, 2);
      const [nodeBefore, pgBefore] = [cpu(child.pid), postgresCpu()];
      const result = await load(kind, seconds);
      const [nodeAfter, pgAfter] = [cpu(child.pid), postgresCpu()];
      const perRequest = (ticks) => ((ticks * TICK_US) / result.requests.total).toFixed(0).padStart(4);
      console.log(
        `${name.padEnd(8)} ${kind.padEnd(4)} ${result.requests.average.toFixed(0).padStart(6)} req/s  CPU per request: Node ${perRequest(nodeAfter - nodeBefore)} µs, ` +
          `PostgreSQL ${perRequest(pgAfter - pgBefore)} µs, together ${perRequest(nodeAfter - nodeBefore + pgAfter - pgBefore)} µs; non-2xx ${result.non2xx}`,
      );
    }
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
  // The Node side of the same features: a message's matching words, as a registration works them out.
  const { cellOf, keysOfWords, splitMatchingWords } = await import('@payam/core');
  const words = () => {
    const split = splitMatchingWords(description);
    return [cellOf({ lat: 35.7, long: 51.4 }), keysOfWords(split.words), `${split.words.join(' ')}\n${split.placeWords.join(' ')}`];
  };
  for (let i = 0; i < 20_000; i++) words();
  const started = process.hrtime.bigint();
  for (let i = 0; i < 200_000; i++) words();
  console.log(`matching words of a description (Node, in a loop): ${(Number(process.hrtime.bigint() - started) / 200_000 / 1000).toFixed(1)} µs`);
} finally {
  await pg.stop?.();
}
