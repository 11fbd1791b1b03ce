import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server.js';
import type { Database } from '../src/db/database.js';
import { newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';

/** More duplicates than the ten thousand steps an answer's cascade once stopped after. */
const LINKED = 10_050;

describe('an answer reaches every message linked to its first message, on postgres', () => {
  let s: TestServer;
  let db: Database;
  beforeAll(async () => {
    const databaseUrl = await newPostgresDatabase();
    s = await startTestServer('postgres', { databaseUrl });
    db = await openDatabase({ databaseUrl, demo: false });
  });
  afterAll(async () => {
    await db?.close();
    await s?.close();
  });

  it(`reaches all of ${LINKED.toLocaleString('en')} duplicates, in the transaction that answers the first message`, async () => {
    const first = await s.submit();
    const one = await s.submit();
    expect((await s.act(one.id, 'link', { firstMessageId: first.id })).status).toBe(200);
    // Copies of the linked message, each a message of its own linked to the same first message,
    // and the first message's list of its duplicates holding them all (as that many links leave it).
    await db.query(
      `INSERT INTO messages
       SELECT (jsonb_populate_record(NULL::messages, to_jsonb(m) || jsonb_build_object(
         'id', m.id || '-' || g, 'citizen_token_hash', m.citizen_token_hash || '-' || g,
         'snapshot', jsonb_set(m.snapshot::jsonb, '{context,messageId}', to_jsonb(m.id || '-' || g))))).*
       FROM messages m CROSS JOIN generate_series(1, $2::int) AS g WHERE m.id = $1`,
      [one.id, LINKED - 1],
    );
    await db.query(
      `UPDATE messages SET snapshot = jsonb_set(snapshot::jsonb, '{context,linkedMessageIds}',
         (SELECT jsonb_agg(id ORDER BY registered_at, id) FROM messages WHERE first_message_id = $1))::json
       WHERE id = $1`,
      [first.id],
    );
    const count = (sql: string) => db.query<{ n: number }>(sql, [first.id]).then(([row]) => Number(row?.n));
    expect(await count('SELECT count(*) AS n FROM messages WHERE first_message_id = $1')).toBe(LINKED);

    expect((await s.act(first.id, 'answer', { text: 'The whole street was resurfaced.' })).status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM messages WHERE first_message_id = $1 AND state = 'answered'")).toBe(LINKED);
    // Each with the answer in its own timeline.
    expect(
      await count("SELECT count(DISTINCT t.message_id) AS n FROM timeline t JOIN messages m ON m.id = t.message_id WHERE m.first_message_id = $1 AND t.type = 'answered'"),
    ).toBe(LINKED);
  }, 300_000);
});
