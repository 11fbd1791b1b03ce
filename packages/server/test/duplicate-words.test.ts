import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server.js';
import type { Database } from '../src/db/database.js';
import { BACKENDS, newPostgresDatabase } from './support/harness.js';

/**
 * The terms a message's words are kept under, as `duplicate_terms` says, with its privacy and
 * service group ('' for none), for every message.
 */
const EXPECTED = `SELECT message_id, term, private, service_group FROM (
  SELECT id AS message_id, unnest(duplicate_terms(match_cell IS NOT NULL, system, region, match_keys)) AS term, private,
    coalesce(match_group, '') AS service_group
  FROM messages WHERE region IS NOT NULL AND match_keys IS NOT NULL) AS e ORDER BY 1, 2`;
const KEPT = 'SELECT message_id, term, private, service_group FROM duplicate_words ORDER BY 1, 2';

/** Inserts messages in one statement: located or not, with a region or not, keys repeated or absent. */
async function insertMessages(db: Database, from: number, count: number): Promise<void> {
  await db.query(
    `INSERT INTO messages (id, system, service_code, description, lat, long, region, lang, citizen_token_hash, registered_at, updated_at,
       state, public_status, unit_id, snapshot, match_cell, match_group, match_keys, match_words, private)
     SELECT 'w-' || g, CASE WHEN g % 3 = 0 THEN '1888' ELSE '137' END, NULL, 'text', CASE WHEN g % 2 = 0 THEN 35.7 END, CASE WHEN g % 2 = 0 THEN 51.4 END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE (1 + g % 22)::text END, 'fa', 'w-' || g, now() - g * interval '1 minute', now(),
       'registered', 'received', 'call-center-137', '{}'::jsonb, CASE WHEN g % 2 = 0 THEN '7114:10280' END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'Lighting' END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE ARRAY['چراغ', 'خاموش', 'کوچه' || (g % 4), 'چراغ'] END, '', g % 3 = 0
     FROM generate_series($1::int, $2::int) AS g`,
    [from, from + count - 1],
  );
}

describe.each(BACKENDS)('the duplicate search words of messages, on %s', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: null, databaseUrl: backend === 'postgres' ? await newPostgresDatabase() : undefined, demo: false });
  });
  afterAll(() => db.close());

  it('are the terms of each message however it was written: inserted together or alone, its words, place, region, privacy or group changed', async () => {
    await insertMessages(db, 1, 40);
    await insertMessages(db, 41, 1);
    const afterInsert = await db.query<{ message_id: string; term: string; private: boolean; service_group: string }>(KEPT);
    // Located and not, both systems; a message without a region or without words has none.
    expect(afterInsert.some((row) => row.term.startsWith('l 137 '))).toBe(true);
    expect(afterInsert.some((row) => row.term.startsWith('u 1888 '))).toBe(true);
    expect(afterInsert.some((row) => row.message_id === 'w-5' || row.message_id === 'w-7')).toBe(false);
    // Private or not, with a group or without ('').
    expect(new Set(afterInsert.map((row) => `${row.private} ${row.service_group}`))).toEqual(new Set(['true Lighting', 'false Lighting', 'true ', 'false ']));
    expect(afterInsert).toEqual(await db.query(EXPECTED));

    await db.query("UPDATE messages SET match_keys = ARRAY['آب', 'گرفتگی'] WHERE id IN ('w-1', 'w-2')");
    await db.query("UPDATE messages SET match_cell = NULL, lat = NULL, long = NULL WHERE id = 'w-4'");
    await db.query("UPDATE messages SET region = '9' WHERE id IN ('w-5', 'w-6')");
    await db.query("UPDATE messages SET public_status = 'in_progress' WHERE id = 'w-8'");
    await db.query("UPDATE messages SET match_group = 'Roads' WHERE id IN ('w-9', 'w-12')");
    await db.query("UPDATE messages SET private = NOT private WHERE id IN ('w-10', 'w-11')");
    expect(await db.query(KEPT)).toEqual(await db.query(EXPECTED));
    expect((await db.query<{ term: string }>("SELECT term FROM duplicate_words WHERE message_id = 'w-4'")).every((row) => row.term.startsWith('u 137 '))).toBe(true);
  });
});
