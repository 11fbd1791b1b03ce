import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'vitest';
import pg from 'pg';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index.js';
import type { LogFields, Logger } from '../../src/engine/context.js';

/** The two databases every suite runs against. */
export type Backend = 'pglite' | 'postgres';
/** Both backends, for `describe.each`. */
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/** A clock the tests move. Starts on a working Sunday morning in Tehran (2026-11-29 09:30 +03:30). */
export class Clock {
  ms = Date.parse('2026-11-29T06:00:00Z');
  /** The current time. */
  readonly now = (): Date => new Date(this.ms);
  /** Moves the clock forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A server under test, with its clock, its log lines and small HTTP helpers. */
export interface TestServer extends RunningServer {
  clock: Clock;
  logs: string[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  postForm(path: string, body: string, headers?: Record<string, string>): Promise<Response>;
  /** Registers a message through the API and returns its id and citizen token. */
  submit(fields?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ id: string; token: string }>;
  /** Runs a staff action and returns the response. */
  act(id: string, action: string, body?: unknown, token?: string): Promise<Response>;
}

/** Creates an empty database on the test cluster and returns its connection string. */
export async function newPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `payam_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return base.replace(/\/payam$/, `/${name}`);
}

/** Starts a server on `backend` with demo data, a movable clock and captured logs. */
export async function startTestServer(backend: Backend, options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const clock = new Clock();
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: LogFields) => logs.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { info: record('info'), error: record('error') };
  const databaseUrl = backend === 'postgres' ? await newPostgresDatabase() : undefined;
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    databaseUrl,
    demo: true,
    now: clock.now,
    logger,
    workerIntervalMs: 0,
    // The suites send many requests from one address; the limits have suites of their own.
    rateLimits: false,
    // The suites register many alike messages; duplicate search has its own suite.
    autoLinkDuplicates: false,
    ...options,
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetchChecked(`${server.url}${path}`, { headers });
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetchChecked(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const postForm = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetchChecked(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  return {
    ...server,
    clock,
    logs,
    get,
    postJson,
    postForm,
    async submit(fields = {}, headers = {}) {
      const response = await postJson(
        '/open311/v2/requests.json',
        { api_key: 'demo', service_code: 'pothole', description: 'A deep pothole in front of number 12.', lat: 35.725, long: 51.402, ...fields },
        headers,
      );
      if (response.status >= 300) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
      const [created] = (await response.json()) as { service_request_id: string; citizen_token: string }[];
      // The duplicate search runs after the answer: a suite reads the message once it has run.
      await server.duplicatesSettled();
      return { id: created!.service_request_id, token: created!.citizen_token };
    },
    act(id, action, body = {}, token = 'demo-admin') {
      return postJson(`/staff/v1/messages/${id}/actions/${action}`, body, { authorization: `Bearer ${token}` });
    },
  };
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'note', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

/**
 * Throws unless `text` is a well-formed XML 1.0 document, checked by a conforming parser (saxes:
 * characters XML forbids, names, escaping, one root), not by the lenient one that reads it.
 */
export function assertWellFormedXml(text: string): void {
  const parser = new SaxesParser();
  const errors: string[] = [];
  parser.on('error', (error) => errors.push(error.message));
  parser.write(text).close();
  if (errors.length > 0) throw new Error(`not well-formed XML (${errors.join('; ')}): ${JSON.stringify(text.slice(0, 500))}`);
}

/** Parses an Open311 XML answer, after checking it is well-formed. */
export function parseXml(text: string): Record<string, unknown> {
  assertWellFormedXml(text);
  return xml.parse(text) as Record<string, unknown>;
}

/** `fetch`, and every XML answer is checked to be well-formed before the test sees it. */
export async function fetchChecked(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (/\bxml\b/.test(response.headers.get('content-type') ?? '')) assertWellFormedXml(await response.clone().text());
  return response;
}

/** A contact that must never appear in public answers or logs. */
export const CITIZEN = { phone: '09121234567', normalized: '+989121234567', first_name: 'Shirin', last_name: 'Tehranizadeh', email: 'shirin@example.org' };

/** A server running in a child process (built from the sources now): its address, and how to stop it. */
export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts a server with `options` in a process of its own, to prove what several processes share. */
export async function startServerProcess(options: Partial<ServerOptions>): Promise<ServerProcess> {
  const outdir = fileURLToPath(new URL('../../.test-build/', import.meta.url));
  const outfile = join(outdir, 'server-process.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./server-process.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@payam/source'],
    // The workspace's packages come from their sources, with what they import; the server's own
    // dependencies stay imports (resolved from this package).
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@payam/') || args.importer.includes('/packages/core/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
    outfile,
    logLevel: 'silent',
  });
  // As in one process: alike messages are not linked at registration unless a suite asks.
  const child = fork(outfile, [JSON.stringify({ autoLinkDuplicates: false, ...options })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.once('message', (message) => resolveUrl((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.send('stop');
      }),
  };
}
