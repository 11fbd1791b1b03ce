import { afterAll, describe, expect, it } from 'vitest';
import { demoServices } from '../src/config/demo-data.js';
import { startServer, type RunningServer } from '../src/index.js';
import { newPostgresDatabase, startServerProcess, type ServerProcess } from './support/harness.js';

const ADMIN = { authorization: 'Bearer demo-admin' };

/** Polls `check` every 100 ms; resolves how long it took to hold, or `null` after 20 s (a generous bound for a busy machine). */
async function within(check: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 20_000) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

// Processes share a database only on PostgreSQL (one PGlite folder serves one process).
describe('administration seen by another server process on the same PostgreSQL', () => {
  let a: RunningServer | undefined;
  let b: ServerProcess | undefined;
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  it('serves a changed form within seconds, records its version on new messages, and refuses a revoked token', async () => {
    const databaseUrl = await newPostgresDatabase();
    a = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, rateLimits: false });
    // B remembers credentials for an hour: only the revocation can end the token's use there.
    b = await startServerProcess({ databaseUrl, rateLimits: false, credentialCache: { ttlMs: 3_600_000 } });
    const adminOn = (url: string, method: string, path: string, body?: unknown) =>
      fetch(`${url}/staff/v1/admin${path}`, { method, headers: { ...ADMIN, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    // A member of staff whose token B remembers.
    const added = (await (await adminOn(a.url, 'POST', '/staff', { name: 'Sara', role: 'handler', unitId: 'district-6' })).json()) as { token: { id: string; token: string } };
    const onB = () => fetch(`${b!.url}/staff/v1/queue`, { headers: { authorization: `Bearer ${added.token.token}` } });
    expect((await onB()).status).toBe(200);

    const pothole = demoServices.find((s) => s.code === 'pothole')!;
    const changed = { ...pothole, attributes: [...(pothole.attributes ?? []), { code: 'near_school', datatype: 'string', required: true, description: { fa: 'نزدیک مدرسه؟', en: 'Near a school?' } }] };
    expect((await adminOn(a.url, 'PUT', '/services/pothole', changed)).status).toBe(200);
    const formSeen = await within(async () => JSON.stringify(await (await fetch(`${b!.url}/open311/v2/services/pothole.json`)).json()).includes('near_school'));
    expect(formSeen).not.toBeNull();

    // B registers on the new form and records its version.
    const created = await fetch(`${b.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: 'A pothole by the school.', attribute: { near_school: 'yes' } }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    expect(((await (await fetch(`${a.url}/staff/v1/messages/${id}`, { headers: ADMIN })).json()) as { formVersion: number }).formVersion).toBe(2);

    expect((await adminOn(a.url, 'POST', `/staff-tokens/${added.token.id}/revoke`)).status).toBe(200);
    const refused = await within(async () => (await onB()).status === 401);
    expect(refused).not.toBeNull();
  }, 300_000);
});
