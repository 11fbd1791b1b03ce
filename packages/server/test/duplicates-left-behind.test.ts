/**
 * A duplicate search is never lost: a message whose search never ran (its process stopped between
 * the answer and the search, or its queue was full) stays marked in the database, and the worker of
 * any process searches it later. The database is shared by two servers, as in production, and the
 * test reads the marker with its own connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { staffMessageSchema } from '@payam/core';
import { newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';

const MINUTE = 60_000;
const auth = { authorization: 'Bearer demo-admin' };
/** Two citizens' words for one broken streetlight, 20 m apart. */
const LIGHT = { service_code: 'streetlight', attribute: { lamp_state: 'off' }, lat: 35.7312, long: 51.4012 };
const FIRST = 'چراغ برق کوچه یاس سه شب است خاموش است و کوچه تاریک است';
const AGAIN = 'چراغ برق کوچه ياس سه شب است خاموش است و کوچه تاريک است!';

describe('a duplicate search left behind, on postgres', () => {
  let url: string;
  let db: pg.Client;
  beforeAll(async () => {
    url = await newPostgresDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });
  afterAll(() => db.end());

  const pending = async (id: string) =>
    (await db.query<{ match_pending: boolean }>('SELECT match_pending FROM messages WHERE id = $1', [id])).rows[0]?.match_pending;
  const firstOf = async (s: TestServer, id: string) => {
    const response = await s.get(`/staff/v1/messages/${id}`, auth);
    expect(response.status).toBe(200);
    return staffMessageSchema.parse(await response.json()).firstMessageId;
  };

  it('is marked until it runs, and run by the worker of another process once it is ten minutes old', async () => {
    // A server that links at registration: its searches run and are marked done.
    const linking = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true });
    const first = await linking.submit({ ...LIGHT, description: FIRST });
    expect(await pending(first.id)).toBe(false);
    await linking.close();

    // What a stopped process leaves: the message stored and answered, its search still to run.
    const quiet = await startTestServer('postgres', { databaseUrl: url });
    const again = await quiet.submit({ ...LIGHT, lat: LIGHT.lat + 20 / 111_320, description: AGAIN });
    await quiet.close();
    await db.query('UPDATE messages SET match_pending = true WHERE id = $1', [again.id]);

    const later = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true });
    try {
      // Not yet: a message this young may still be in the queue of the process that registered it.
      later.clock.advance(2 * MINUTE);
      expect((await later.runWorker()).duplicateSearchesQueued).toBe(0);
      await later.duplicatesSettled();
      expect(await firstOf(later, again.id)).toBeNull();
      expect(await pending(again.id)).toBe(true);

      later.clock.advance(10 * MINUTE);
      expect((await later.runWorker()).duplicateSearchesQueued).toBe(1);
      await later.duplicatesSettled();
      expect(await firstOf(later, again.id)).toBe(first.id);
      expect(await pending(again.id)).toBe(false);

      // Searched once: a later look finds nothing left behind.
      later.clock.advance(2 * MINUTE);
      expect((await later.runWorker()).duplicateSearchesQueued).toBe(0);
    } finally {
      await later.close();
    }
    // Starting three servers on one PostgreSQL: a loaded machine may take long.
  }, 180_000);

  it('clears the mark of every message searched together, linked or not', async () => {
    const s = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true });
    try {
      const first = await s.submit({ ...LIGHT, lat: LIGHT.lat + 0.05, description: FIRST });
      // Thirty registrations at once queue behind one another and are searched in batches: every
      // other one the same matter as the first (linked), the rest other matters far apart (not linked).
      const ids = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const body = i % 2 === 0
            ? { ...LIGHT, lat: LIGHT.lat + 0.05, description: AGAIN }
            : { ...LIGHT, lat: LIGHT.lat - i / 100, description: `درخت کهنسال خیابان ${i} افتاده و راه را بسته است` };
          const response = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', ...body });
          expect(response.status).toBe(201);
          return ((await response.json()) as { service_request_id: string }[])[0]!.service_request_id;
        }),
      );
      await s.duplicatesSettled();
      for (const [i, id] of ids.entries()) {
        expect(await pending(id), id).toBe(false);
        expect(await firstOf(s, id), id).toBe(i % 2 === 0 ? first.id : null);
      }
    } finally {
      await s.close();
    }
  }, 180_000);

  it('reads the messages beyond its room back from the database and searches them, with no worker', async () => {
    // Room for three in memory: the rest of thirty registrations at once stay marked in the database only.
    const s = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true, duplicateSearch: { maxWaiting: 3, batch: 1 } });
    try {
      const first = await s.submit({ ...LIGHT, lat: LIGHT.lat + 0.1, description: FIRST });
      await s.duplicatesSettled();
      const ids = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const response = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', ...LIGHT, lat: LIGHT.lat + 0.1, description: AGAIN });
          expect(response.status).toBe(201);
          return ((await response.json()) as { service_request_id: string }[])[0]!.service_request_id;
        }),
      );
      await s.duplicatesSettled();
      for (const id of ids) {
        expect(await pending(id), id).toBe(false);
        expect(await firstOf(s, id), id).toBe(first.id);
      }
      expect(s.logs.some((line) => line.includes('falls behind'))).toBe(true);
    } finally {
      await s.close();
    }
  }, 180_000);

  it('leaves a long queue to the worker when its process stops, and the worker of the next one searches it all', async () => {
    const busy = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true });
    // Forty registrations at once: their searches queue behind one another.
    const ids = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const response = await busy.postJson('/open311/v2/requests.json', { api_key: 'demo', ...LIGHT, lat: LIGHT.lat + i / 1000, description: `${FIRST} ${i}` });
        expect(response.status).toBe(201);
        return ((await response.json()) as { service_request_id: string }[])[0]!.service_request_id;
      }),
    );
    await busy.close();
    const next = await startTestServer('postgres', { databaseUrl: url, autoLinkDuplicates: true });
    try {
      next.clock.advance(11 * MINUTE);
      await next.runWorker();
      await next.duplicatesSettled();
      for (const id of ids) expect(await pending(id), id).toBe(false);
    } finally {
      await next.close();
    }
  }, 180_000);
});
