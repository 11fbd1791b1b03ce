// Starts a throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary
// directory, trust auth, loopback only, a free port. PostgreSQL refuses to run as root, so as
// root the cluster runs as the `postgres` user (created by Debian's postgresql packages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBin(name) {
  const candidates = [];
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
  }
  candidates.push(`/usr/local/bin/${name}`, `/usr/bin/${name}`);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`PostgreSQL's ${name} is not installed (apt-get install -y postgresql).`);
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster and returns `{ url, stop() }`. `url` is a `postgres://` connection string to
 * the `payam` database. `settings` adds server settings (e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`).
 */
export async function startPostgres(settings = {}) {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'payam-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (bin, args) => {
    const cmd = asRoot ? 'runuser' : bin;
    const full = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
    const result = spawnSync(cmd, full, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  run(findBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  run(findBin('pg_ctl'), [
    '-D', data, '-l', join(dir, 'log'), '-w', '-o',
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${Object.entries(settings).map(([key, value]) => ` -c ${key}=${value}`).join('')}`,
    'start',
  ]);
  run(findBin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'payam']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/payam`,
    stop() {
      try {
        run(findBin('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// `node scripts/postgres.mjs` starts one and prints its URL until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = await startPostgres();
  console.log(pg.url);
  const stop = () => { pg.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
