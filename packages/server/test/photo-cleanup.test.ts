import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, startServer, type RunningServer } from '../src/index.js';
import { PhotoStore } from '../src/photos/store.js';
import { preparePhoto } from '../src/photos/prepare.js';
import { BACKENDS, Clock, newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';
import { png } from './support/photo-fixtures.js';

const HOUR = 3_600_000;

async function upload(url: string, count: number): Promise<{ media_id: string; media_url: string }[]> {
  const data = new FormData();
  for (let i = 0; i < count; i++) data.append('photo', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'photo.png');
  const response = await fetch(`${url}/open311/v2/media`, { method: 'POST', headers: { 'x-api-key': 'demo' }, body: data });
  expect(response.status).toBe(201);
  return (await response.json()) as { media_id: string; media_url: string }[];
}

describe.each(BACKENDS)('photos never attached to a message, on %s', (backend) => {
  let s: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payam-unattached-'));
    s = await startTestServer(backend, { photos: { dir, keepUnattachedMs: 6 * HOUR } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('are removed, files and rows, once older than the configured age; attached ones stay', async () => {
    await s.runWorker();
    const [kept, young] = await upload(s.url, 2);
    const { id } = await s.submit({ media_ids: [kept!.media_id] });
    s.clock.advance(5 * HOUR);
    const [late] = await upload(s.url, 1);
    // Not old enough yet: nothing goes.
    expect((await s.runWorker()).photosRemoved).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([kept!.media_id, young!.media_id, late!.media_id].sort());

    s.clock.advance(2 * HOUR);
    expect((await s.runWorker()).photosRemoved).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([kept!.media_id, late!.media_id].sort());
    // A removed photo can no longer be named; the one uploaded later still can.
    const named = await s.postJson('/open311/v2/requests.json?lang=en', { api_key: 'demo', service_code: 'pothole', description: 'Late photo', media_ids: [young!.media_id] });
    expect(named.status).toBe(400);
    await s.submit({ media_ids: [late!.media_id] });
    // Looked for at most once a minute, and never again for what is attached.
    s.clock.advance(30 * 24 * HOUR);
    expect((await s.runWorker()).photosRemoved).toBe(0);
    expect((await fetch(kept!.media_url)).status).toBe(200);
    expect(((await (await s.get(`/open311/v2/requests/${id}/media.json`)).json()) as unknown[]).length).toBe(1);
  });
});

describe.each(BACKENDS)('a photo named by a registration as the cleanup runs, on %s', (backend) => {
  it('is kept for the registration to attach, however old its upload', async () => {
    const db = await openDatabase({ dataDir: null, demo: false, databaseUrl: backend === 'postgres' ? await newPostgresDatabase() : undefined });
    try {
      const store = new PhotoStore(db);
      const uploaded = new Date('2026-12-01T08:00:00Z');
      const photo = await store.save(await preparePhoto(await png()), 'key-hash', uploaded);
      const later = new Date(uploaded.getTime() + 30 * HOUR);
      // The registration checks the photo, then the cleanup runs before the message is written.
      expect((await store.attachable([photo.id], 'key-hash', later))?.map((p) => p.id)).toEqual([photo.id]);
      expect(await store.removeUnattached(db, new Date(later.getTime() - 24 * HOUR))).toBe(0);
      await db.query("INSERT INTO messages (id, system, description, snapshot, unit_id, registered_at, updated_at, citizen_token_hash, lang, public_status, state) VALUES ('m-1', '137', 'x', '{}', 'tehran', now(), now(), 'h', 'fa', 'received', 'received')");
      await store.attach('m-1', [photo.id], 'key-hash');
      expect((await store.ofMessage('m-1')).map((p) => p.id)).toEqual([photo.id]);
      // Left unattached, it goes a full period after it was named.
      const other = await store.save(await preparePhoto(await png()), 'key-hash', uploaded);
      await store.attachable([other.id], 'key-hash', later);
      expect(await store.removeUnattached(db, new Date(later.getTime() + HOUR))).toBe(1);
      expect(await store.find(other.id)).toBeNull();
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('two server processes on one PostgreSQL removing unattached photos', () => {
  const servers: RunningServer[] = [];
  const clock = new Clock();
  beforeAll(async () => {
    const databaseUrl = await newPostgresDatabase();
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: true, quiet: true, now: clock.now, workerIntervalMs: 0, rateLimits: false, photos: { keepUnattachedMs: HOUR } }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('remove each photo once between them, and each run again finds nothing', async () => {
    const uploaded = [];
    for (let i = 0; i < 8; i++) uploaded.push(...(await upload(servers[i % 2]!.url, 3)));
    clock.advance(2 * HOUR);
    const runs = await Promise.all(servers.map((server) => server.runWorker()));
    expect(runs.reduce((sum, run) => sum + run.photosRemoved, 0)).toBe(uploaded.length);
    clock.advance(2 * HOUR);
    const again = await Promise.all(servers.map((server) => server.runWorker()));
    expect(again.map((run) => run.photosRemoved)).toEqual([0, 0]);
  });
});
