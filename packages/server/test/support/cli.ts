import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = new Map<string, Promise<string>>();

/**
 * A command line as it runs: `src/cli.ts` (the server) or `src/payam.ts` (administration) bundled
 * once per test run with its workspace sources (the server's own dependencies stay packages,
 * resolved as installed), so a test can start it as a child process without building the package.
 */
export function cliPath(entry: 'cli' | 'payam' = 'cli'): Promise<string> {
  const outfile = join(packageDir, 'node_modules', '.payam-test-cli', `${entry}.mjs`);
  let done = built.get(entry);
  if (done) return done;
  done = (async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { dependencies: Record<string, string> };
    await build({
      entryPoints: [join(packageDir, 'src', `${entry}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@payam/source'],
      external: Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@payam/')),
      logLevel: 'silent',
    });
    return outfile;
  })();
  built.set(entry, done);
  return done;
}

/** A running command line: its output so far and how it ended. */
export interface CliRun {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Resolves when the output matches `pattern` (rejects when the process ends first or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
}

/** Starts the server's command line with `env` added to a quiet, demo-free environment. */
export async function runCli(env: Record<string, string | undefined>): Promise<CliRun> {
  const file = await cliPath();
  const base: Record<string, string | undefined> = { ...process.env, PAYAM_QUIET: '1', PORT: '0' };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, [file], { env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => {
    done(code);
    for (const l of listeners) l();
  }));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, ms = 30_000) {
      return new Promise((resolveMatch, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output: ${out}`)), ms);
        const check = () => {
          if (pattern.test(out)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolveMatch(out);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`the process ended (${child.exitCode ?? child.signalCode}) before ${pattern}; output: ${out}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** What a finished `payam` command printed and how it ended. */
export interface PayamResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `payam` administration command line to its end, with `env` added to a demo-free environment. */
export async function runPayam(args: string[], env: Record<string, string | undefined>): Promise<PayamResult> {
  const file = await cliPath('payam');
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.DATABASE_URL;
  delete base.PAYAM_DATA_DIR;
  const child = spawn(process.execPath, [file, ...args], { env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { code, stdout, stderr };
}
