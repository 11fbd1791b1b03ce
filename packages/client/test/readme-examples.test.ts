/**
 * Every code example in a README runs. A fenced `ts` or `sh` block is marked `runnable` (run here)
 * or `not-run` (it needs what a test cannot give it: a browser page, a PostgreSQL pool, a release
 * build); an unmarked one fails this test. Runnable TypeScript runs against a real server started
 * here, with the README's address (`http://127.0.0.1:8137`, `https://api.example.city`) and demo key
 * pointed at it; runnable shell runs in bash with `set -euo pipefail` and `curl --fail`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startServer } from '@payam/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const scratch = join(import.meta.dirname, '.readme-examples');

/** The READMEs of the project: the root, every package, the benchmarks and the stories. */
function readmes(): string[] {
  const dirs = ['.', ...readdirSync(join(root, 'packages')).map((p) => join('packages', p)), 'bench', 'stories', 'examples'];
  return dirs.map((dir) => join(root, dir, 'README.md')).filter((file) => existsSync(file));
}

interface Example {
  file: string;
  line: number;
  lang: 'ts' | 'sh';
  mark: string;
  code: string;
}

/** The fenced ts and sh blocks of a README, with their line and marker. */
function examplesOf(file: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|sh)\b\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    found.push({ file: relative(root, file), line: i + 1, lang: open[2] as 'ts' | 'sh', mark: open[3]!.trim(), code: body.join('\n') });
    i = j;
  }
  return found;
}

const examples = readmes().flatMap(examplesOf);
let server: Awaited<ReturnType<typeof startServer>>;

/** The README's addresses and placeholders, pointed at the server under test. */
function localize(code: string): string {
  return code
    .replaceAll('http://127.0.0.1:8137', server.url)
    .replaceAll('https://api.example.city', server.url)
    .replaceAll("'YOUR-KEY'", "'demo'");
}

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true, workerIntervalMs: 0 });
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('README examples', () => {
  it('every ts and sh block is marked runnable or not-run, and some run', () => {
    const unmarked = examples.filter((e) => e.mark !== 'runnable' && e.mark !== 'not-run').map((e) => `${e.file}:${e.line}`);
    expect(unmarked, 'mark each block runnable or not-run').toEqual([]);
    expect(examples.filter((e) => e.mark === 'runnable').length).toBeGreaterThanOrEqual(5);
  });

  for (const example of examples.filter((e) => e.mark === 'runnable')) {
    it(`${example.file}:${example.line} (${example.lang}) runs`, { timeout: 60_000 }, async () => {
      const name = `${example.file.replace(/[^\w]+/g, '-')}-${example.line}`;
      if (example.lang === 'ts') {
        const file = join(scratch, `${name}.ts`);
        // The package under test by its source, as a user's bundler would resolve its name.
        const code = localize(example.code).replaceAll("from '@payam/client'", `from '${resolve(import.meta.dirname, '../src/index.ts')}'`);
        writeFileSync(file, `${code}\nexport {};\n`);
        await import(file);
      } else {
        const script = `set -euo pipefail\ncurl() { command curl --fail --silent --show-error "$@"; }\n${localize(example.code)}\n`;
        // Asynchronously: the server answering the commands runs in this process.
        const run = await promisify(execFile)('bash', ['-c', script], { cwd: root, encoding: 'utf8', timeout: 50_000 }).then(
          ({ stdout }) => ({ ok: true, output: stdout }),
          (error: { stderr?: string; stdout?: string }) => ({ ok: false, output: `${error.stdout ?? ''}\n${error.stderr ?? ''}` }),
        );
        expect(run.ok, run.output.slice(-2000)).toBe(true);
      }
    });
  }
});
