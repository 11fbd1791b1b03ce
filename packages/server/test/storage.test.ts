import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { open311RequestSchema } from '@payam/core';
import { z } from 'zod';
import { startServer } from '../src/index.js';
import { idempotencySealKey, sealToken } from '../src/engine/secrets.js';
import { Clock, newPostgresDatabase, startTestServer } from './support/harness.js';

describe('PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payam-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps messages across a restart and does not load the demo data twice', async () => {
    const first = await startServer({ port: 0, dataDir: dir, demo: true, quiet: true, workerIntervalMs: 0 });
    const response = await fetch(`${first.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'demo', service_code: 'trees', description: 'A dry tree.', region: '4' }),
    });
    const [created] = (await response.json()) as { service_request_id: string; citizen_token: string }[];
    await first.close();
    const second = await startServer({ port: 0, dataDir: dir, demo: true, quiet: true, workerIntervalMs: 0 });
    try {
      const [again] = z.array(open311RequestSchema).parse(await (await fetch(`${second.url}/open311/v2/requests/${created!.service_request_id}.json`)).json());
      expect(again?.description).toBe('A dry tree.');
      const services = (await (await fetch(`${second.url}/open311/v2/services.json`)).json()) as unknown[];
      expect(services.length).toBe(7);
      const next = await fetch(`${second.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: 'demo', description: 'Another one.' }),
      });
      const [other] = (await next.json()) as { service_request_id: string }[];
      expect(other?.service_request_id).not.toBe(created?.service_request_id);
    } finally {
      await second.close();
    }
  });

  it('runs without demo data and without demo credentials', async () => {
    const bare = await startServer({ port: 0, dataDir: null, demo: false, quiet: true, workerIntervalMs: 0 });
    try {
      expect(await (await fetch(`${bare.url}/open311/v2/services.json`)).json()).toEqual([]);
      const post = await fetch(`${bare.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: 'demo', description: 'x' }) });
      expect(post.status).toBe(403);
      expect((await fetch(`${bare.url}/staff/v1/queue`, { headers: { authorization: 'Bearer demo-admin' } })).status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});

describe('several server processes on one PostgreSQL', () => {
  it('fires each due deadline once when workers run side by side', async () => {
    const databaseUrl = await newPostgresDatabase();
    const clock = new Clock();
    const options = { port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, now: clock.now };
    const [a, b] = await Promise.all([startServer(options), startServer(options)]);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await fetch(`${a.url}/open311/v2/requests.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ api_key: 'demo', service_code: 'pothole', description: `Pothole ${i}`, region: '6' }),
        });
        ids.push(((await r.json()) as { service_request_id: string }[])[0]!.service_request_id);
      }
      clock.advance(26 * 3_600_000);
      const runs = await Promise.all([a.runWorker(), b.runWorker()]);
      runs.push(...(await Promise.all([a.runWorker(), b.runWorker()])));
      expect(runs.reduce((n, r) => n + r.deadlines, 0)).toBe(12);
      for (const id of ids) {
        const [view] = z.array(open311RequestSchema).parse(await (await fetch(`${b.url}/open311/v2/requests/${id}.json?extensions=true`)).json());
        expect(view?.extended_attributes?.escalation_level).toBe(1);
        expect(view?.notes?.filter((n) => n.type === 'escalated')).toHaveLength(1);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('idempotency records', () => {
  it('hold no citizen token: a retry works the same token out again, and tokens sealed by older records still open', async () => {
    const databaseUrl = await newPostgresDatabase();
    const server = await startServer({ port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0 });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const post = async (key: string, description: string) => {
      const response = await fetch(`${server.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ api_key: 'demo', description }),
      });
      const [created] = (await response.json()) as { service_request_id: string; citizen_token: string }[];
      return created!;
    };
    try {
      const first = await post('derived-000001', 'A broken bench in the park.');
      const again = await post('derived-000001', 'A broken bench in the park.');
      expect(again).toEqual(first);
      expect(first.citizen_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const other = await post('derived-000002', 'A broken bench in the park.');
      expect(other.citizen_token).not.toBe(first.citizen_token);
      const { rows } = await db.query('SELECT sealed_token FROM idempotency_keys WHERE key = $1', ['derived-000001']);
      expect(rows).toEqual([{ sealed_token: null }]);
      const followUp = await fetch(`${server.url}/open311/v2/requests/${first.service_request_id}/follow_ups.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-citizen-token': first.citizen_token },
        body: JSON.stringify({ text: 'It is still broken.' }),
      });
      expect(followUp.status).toBeLessThan(300);

      // A record written before tokens were derived keeps the token sealed with the caller's keys.
      const legacy = await post('legacy-000001', 'A fallen sign.');
      const older = 'an-older-token-kept-sealed-000001';
      const sealed = sealToken(older, idempotencySealKey('demo', 'legacy-000001'));
      await db.query('UPDATE idempotency_keys SET sealed_token = $1 WHERE key = $2', [sealed, 'legacy-000001']);
      await db.query('UPDATE messages SET citizen_token_hash = $1 WHERE id = $2', [createHash('sha256').update(older).digest('hex'), legacy.service_request_id]);
      const retried = await post('legacy-000001', 'A fallen sign.');
      expect(retried).toEqual({ ...legacy, citizen_token: older });
    } finally {
      await db.end();
      await server.close();
    }
  });
});

describe('idempotent retries after the server secret changed', () => {
  it('refuse with a reason instead of giving a token that opens nothing', async () => {
    const databaseUrl = await newPostgresDatabase();
    const request = (url: string) =>
      fetch(`${url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'rotated-000001', 'accept-language': 'en' },
        body: JSON.stringify({ api_key: 'demo', description: 'A blocked drain.' }),
      });
    const before = await startServer({ port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, secret: 'first secret' });
    const first = await request(before.url);
    expect(first.status).toBe(201);
    expect((await request(before.url)).status).toBe(200);
    await before.close();
    const after = await startServer({ port: 0, databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, secret: 'second secret' });
    try {
      const retry = await request(after.url);
      expect(retry.status).toBe(409);
      expect(JSON.stringify(await retry.json())).toContain('can no longer be shown');
    } finally {
      await after.close();
    }
  });
});

describe('regions from the city polygons', () => {
  it('derives the region from a configured GeoJSON polygon instead of the centroids', async () => {
    const s = await startTestServer('pglite');
    try {
      const square = (lon: number, lat: number) => [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]];
      const regions = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { region: 'north' }, geometry: { type: 'Polygon', coordinates: square(51.3, 35.75) } },
          { type: 'Feature', properties: { region: 'south' }, geometry: { type: 'Polygon', coordinates: square(51.3, 35.6) } },
        ],
      };
      const put = await fetch(`${s.url}/staff/v1/policies`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: 'Bearer demo-admin' }, body: JSON.stringify({ regions }) });
      expect(put.status).toBe(200);
      const north = await s.submit({ lat: 35.8, long: 51.35 });
      const outside = await s.submit({ lat: 35.7, long: 51.35 });
      const region = async (id: string) =>
        z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json())[0]?.extended_attributes?.region;
      expect(await region(north.id)).toBe('north');
      expect(await region(outside.id)).toBeNull();
      const named = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', description: 'x', region: 'south' });
      expect(named.status).toBe(201);
      expect((await s.postJson('/open311/v2/requests.json', { api_key: 'demo', description: 'x', region: '6' })).status).toBe(400);
      const bad = await fetch(`${s.url}/staff/v1/policies`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: 'Bearer demo-admin' }, body: JSON.stringify({ regions: { type: 'FeatureCollection', features: [{ type: 'Feature' }] } }) });
      expect(bad.status).toBe(400);
    } finally {
      await s.close();
    }
  });
});
