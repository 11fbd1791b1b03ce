import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './support/cli.js';

const started: CliRun[] = [];
afterAll(() => {
  for (const run of started) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});

async function cli(env: Record<string, string | undefined>): Promise<CliRun> {
  const run = await runCli(env);
  started.push(run);
  return run;
}

describe('one process per PGlite folder', () => {
  it('refuses a second process on the same folder with a clear message and exit 1, and starts again once the first is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payam-lock-'));
    const first = await cli({ PAYAM_DATA_DIR: dir, PAYAM_DEMO: '1' });
    await first.waitFor(/Payam is running at (http:\/\/\S+)/, 240_000);
    const url = /Payam is running at (http:\/\/\S+)/.exec(first.output())![1]!;

    const second = await cli({ PAYAM_DATA_DIR: dir, PAYAM_DEMO: '1' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by another Payam process (pid ${first.child.pid})`);
    expect(second.output()).not.toContain('Payam is running');
    // The first is untouched by the refused start.
    expect((await fetch(`${url}/open311/v2/services.json`)).status).toBe(200);

    // Killed without a chance to clean up: its lock file stays, naming a pid that no longer runs.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(readFileSync(join(dir, 'payam.lock'), 'utf8')).toContain(String(first.child.pid));
    const third = await cli({ PAYAM_DATA_DIR: dir, PAYAM_DEMO: '1' });
    await third.waitFor(/Payam is running/, 120_000);
    expect(readFileSync(join(dir, 'payam.lock'), 'utf8')).toContain(String(third.child.pid));
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    // A clean stop gives the folder back.
    expect(() => readFileSync(join(dir, 'payam.lock'))).toThrow();
  }, 300_000);
});

describe('DATABASE_URL that cannot work', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /DATABASE_URL is set but empty/],
    ['not a URL', 'not-a-url', /DATABASE_URL is not a URL/],
    ['another database', 'mysql://root:hunter2@127.0.0.1:3306/payam', /DATABASE_URL names a "mysql" database; Payam runs on PostgreSQL only/],
  ];
  it.each(cases)('%s: says what is wrong and exits 1 without starting', async (_name, value, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'payam-url-'));
    const run = await cli({ DATABASE_URL: value, PAYAM_DATA_DIR: dir });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(message);
    expect(run.output()).not.toContain('Payam is running');
    expect(run.output()).not.toContain('hunter2');
  });

  it('unreachable: names the host and port, and exits 1', async () => {
    // A port nobody listens on: opened, noted, closed.
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const run = await cli({ DATABASE_URL: `postgres://payam:hunter2@127.0.0.1:${port}/payam` });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`PostgreSQL at 127.0.0.1:${port}`);
    expect(run.output()).not.toContain('hunter2');
  });

  it('an unknown host: names it with the port', async () => {
    const run = await cli({ DATABASE_URL: 'postgres://payam@db.invalid:6543/payam' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PostgreSQL at db.invalid:6543');
  });
});
