// Where a registration's CPU goes: the same load as server-api.mjs (POST, 64 connections) on the
// ceiling and on Payam, with the CPU each side used per request, read from /proc (Linux): the
// server's Node process (user and system time, write and read system calls) and all PostgreSQL
// processes together.
//
//   node bench/server-cpu.mjs [--seconds 6]
//
// Needs the packages built (`pnpm build`) and PostgreSQL binaries. Prints one line per server.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startPostgres } from '../scripts/postgres.mjs';

const secondsArg = process.argv.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 6;
const here = import.meta.dirname;
const TICK_US = 10_000; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms.

/** User and system CPU of a process, in clock ticks. */
function cpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
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

/** System calls that wrote and read, from /proc/<pid>/io. */
function io(pid) {
  const lines = readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n');
  const values = Object.fromEntries(lines.map((line) => line.split(': ')).map(([key, value]) => [key, Number(value)]));
  return { writes: values.syscw, reads: values.syscr };
}

const pg = await startPostgres();
const servers = [
  ['ceiling', 'ceiling-server.mjs', '/requests.json', { description: 'x', lat: 35.7, long: 51.4 }],
  ['payam', 'payam-server.mjs', '/open311/v2/requests.json', { api_key: 'demo', jurisdiction_id: '137', description: 'چراغ روشنایی خیابان ولیعصر', lat: 35.7, long: 51.4 }],
];
try {
  for (const [name, script, path, body] of servers) {
    const child = fork(join(here, script), [pg.url], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
    let n = 0;
    const load = (duration) =>
      new Promise((resolve, reject) =>
        autocannon(
          {
            url,
            connections: 64,
            duration,
            requests: [{
              method: 'POST',
              path,
              headers: { 'content-type': 'application/json' },
              setupRequest: (req) => ({ ...req, body: JSON.stringify(body), headers: { ...req.headers, 'idempotency-key': `cpu-${++n}-${Math.random().toString(36).slice(2)}` } }),
            }],
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
    await load(2);
    const [cpuBefore, ioBefore, pgBefore] = [cpu(child.pid), io(child.pid), postgresCpu()];
    const result = await load(seconds);
    const [cpuAfter, ioAfter, pgAfter] = [cpu(child.pid), io(child.pid), postgresCpu()];
    const perRequest = (ticks) => ((ticks * TICK_US) / result.requests.total).toFixed(0);
    console.log(
      `${name.padEnd(8)} ${result.requests.average.toFixed(0).padStart(6)} req/s  Node user ${perRequest(cpuAfter.user - cpuBefore.user)} µs + system ${perRequest(cpuAfter.system - cpuBefore.system)} µs per request, ` +
        `PostgreSQL ${perRequest(pgAfter - pgBefore)} µs; ${((ioAfter.writes - ioBefore.writes) / result.requests.total).toFixed(2)} writes and ${((ioAfter.reads - ioBefore.reads) / result.requests.total).toFixed(2)} reads per request; non-2xx ${result.non2xx}`,
    );
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
} finally {
  await pg.stop?.();
}
