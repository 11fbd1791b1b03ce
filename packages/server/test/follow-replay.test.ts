/**
 * "Follow this one" survives a crash: a registration that follows a message is written, then joined
 * to it. Should the process stop between the two (here the join's write fails once, as a crash
 * would leave it), the client's retry with the same Idempotency-Key joins it, and a retry after
 * staff undid the join does not join it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { open311RequestSchema } from '@payam/core';
import { newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';

const AT = { lat: 35.7, long: 51.41 };

describe('a followed message after a crash, on postgres', () => {
  let url: string;
  let db: pg.Client;
  let s: TestServer;
  beforeAll(async () => {
    url = await newPostgresDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    s = await startTestServer('postgres', { databaseUrl: url });
  });
  afterAll(async () => {
    await s.close();
    await db.end();
  });

  const parentOf = async (id: string) => {
    const [raw] = (await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json()) as unknown[];
    return open311RequestSchema.parse(raw).extended_attributes?.parent_service_request_id ?? null;
  };

  it('is joined by the retry when the join failed after the message was written, and not again once staff undid it', async () => {
    const open = await s.submit({ service_code: 'pothole', description: 'چاله بزرگ خیابان گلها روبروی نانوایی', ...AT });
    // The first join of this test fails, as if the process had stopped between the two writes.
    await db.query(`CREATE SEQUENCE join_attempts;
      CREATE FUNCTION fail_first_join() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'linked_as_duplicate' AND nextval('join_attempts') = 1 THEN RAISE EXCEPTION 'the process stopped'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_first_join BEFORE INSERT ON timeline FOR EACH ROW EXECUTE FUNCTION fail_first_join();`);
    const body = { api_key: 'demo', service_code: 'pothole', description: 'همان چاله، من هم دیدم', ...AT, follow: open.id };
    const key = { 'idempotency-key': 'follow-after-a-crash-1' };
    const first = await s.postJson('/open311/v2/requests.json', body, key);
    expect(first.status).toBe(500);
    const retry = await s.postJson('/open311/v2/requests.json', body, key);
    expect(retry.status).toBeLessThan(300);
    const [created] = (await retry.json()) as { service_request_id: string }[];
    const id = created!.service_request_id;
    // Written once, by the first attempt.
    expect((await db.query('SELECT count(*)::int AS n FROM messages WHERE description = $1', [body.description])).rows[0].n).toBe(1);
    expect(await parentOf(id)).toBe(open.id);

    // Staff undo the join; a late retry of the same registration leaves it undone.
    expect((await s.act(id, 'unlink')).status).toBeLessThan(300);
    expect(await parentOf(id)).toBeNull();
    expect((await s.postJson('/open311/v2/requests.json', body, key)).status).toBeLessThan(300);
    expect(await parentOf(id)).toBeNull();
  }, 120_000);
});
