import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kavenegarSms, startServer } from '../src/index.js';
import { BACKENDS, CITIZEN, newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';
import { localService, type LocalService } from './support/local-services.js';

/** The value of one sample of a Prometheus text exposition, by metric name and labels it must have. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe.each(BACKENDS)('health, readiness and metrics on %s', (backend) => {
  let s: TestServer;
  let gateway: LocalService;
  beforeAll(async () => {
    gateway = await localService(() => ({ status: 503, body: {} }));
    s = await startTestServer(backend, { adapters: { sms: kavenegarSms({ apiKey: 'K', baseUrl: gateway.url }) } });
  });
  afterAll(async () => {
    await s.close();
    await gateway.close();
  });

  it('/healthz answers while the process runs; /readyz when the database answers and every migration is applied', async () => {
    const health = await s.get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await s.get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok', migrations: { pending: [] } });
  });

  it('/metrics counts requests by route pattern and status, and shows the outbox and deadlines', async () => {
    const { id } = await s.submit({ phone: CITIZEN.phone });
    await s.get(`/open311/v2/requests/${id}.json`);
    await s.get('/open311/v2/requests/137-999999.json');
    await s.act(id, 'answer', { text: 'Fixed.' });
    await s.runWorker();
    // Past every handling deadline of a new message: its deadline is due.
    const other = await s.submit();
    s.clock.advance(30 * 86_400_000);
    const response = await s.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const route = text.split('\n').find((l) => l.startsWith('payam_http_requests_total{') && l.includes('status="404"') && l.includes('/open311/v2/requests/'))!;
    expect(route).toMatch(/route="\/open311\/v2\/requests\/:[^"]+"/);
    // Route patterns, never the ids of messages.
    expect(text).not.toContain(id);
    expect(text).not.toContain(other.id);
    expect(sample(text, 'payam_http_requests_total', { method: 'POST', status: '201' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'payam_http_request_duration_seconds_count', { method: 'GET' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'payam_outbox_pending')).toBe(1);
    expect(sample(text, 'payam_outbox_deliveries_total', { kind: 'notification', result: 'failed' })).toBe(1);
    expect(sample(text, 'payam_outbox_dead_letters')).toBe(0);
    expect(sample(text, 'payam_deadlines_due')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'payam_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    if (backend === 'postgres') expect(sample(text, 'payam_db_pool_connections', { state: 'max' })).toBe(16);
    else expect(sample(text, 'payam_db_pool_connections', { state: 'max' })).toBeUndefined();
    // How far behind the workers are: the oldest due deadline and the oldest due notification wait.
    expect(sample(text, 'payam_deadlines_oldest_due_seconds')).toBeGreaterThan(86_400);
    expect(sample(text, 'payam_outbox_oldest_pending_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'payam_worker_run_failures_total')).toBe(0);
    expect(sample(text, 'payam_deadlines_total', { result: 'applied' })).toBeUndefined();

    const run = await s.runWorker();
    expect(run.deadlines).toBeGreaterThanOrEqual(1);
    const after = await (await s.get('/metrics')).text();
    expect(sample(after, 'payam_deadlines_total', { result: 'applied' })).toBe(run.deadlines);
    expect(sample(after, 'payam_deadlines_due')).toBe(0);
    expect(sample(after, 'payam_deadlines_oldest_due_seconds')).toBe(0);
  });
});

describe('readiness and the metrics token', () => {
  it('/readyz is 503 with the pending migration named when one is not applied', async () => {
    const databaseUrl = await newPostgresDatabase();
    const server = await startServer({ port: 0, databaseUrl, demo: false, quiet: true, workerIntervalMs: 0 });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const [last] = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1')).rows;
      await client.query('DELETE FROM schema_migrations WHERE name = $1', [last!.name]);
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', database: 'ok', migrations: { pending: [last!.name] } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await client.end();
      await server.close();
    }
  });

  it('/metrics needs the token when one is configured', async () => {
    const s = await startTestServer('pglite', { metricsToken: 'scrape-secret' });
    try {
      expect((await s.get('/metrics')).status).toBe(401);
      expect((await s.get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await s.get('/metrics', { authorization: 'Bearer scrape-secret' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
