import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import type { Database, Queryable, SqlValue } from '../src/db/database.js';
import { RegistrationWriter, writeBatch, writeOne, type RegistrationRecord } from '../src/engine/registration-writer.js';
import { BACKENDS, newPostgresDatabase } from './support/harness.js';

const AT = '2026-11-29T06:00:00.000Z';

/** A plain registration (no contact details, nothing to publish) of message `id`. */
function record(id: string, key: string | null = null): RegistrationRecord {
  return {
    id,
    system: '137',
    service_code: 'pothole',
    form_version: 1,
    description: `Pothole ${id}, «کوچه سوم»`,
    lat: 35.7,
    long: 51.4,
    address: null,
    region: '3',
    attributes: { depth: 'deep' },
    media_url: null,
    lang: 'fa',
    private: false,
    at: AT,
    citizen_token_hash: `hash-of-${id}`,
    snapshot: { state: 'received', context: { messageId: id, note: 'a "quoted" \\ text' } },
    api_key_hash: key === null ? null : 'api-key-hash',
    idempotency_key: key,
    request_hash: key === null ? null : `request-${id}`,
    suggestion: false,
    public_status: 'received',
    state: 'received',
    unit_id: 'tehran',
    registered_by: key === null ? null : 'api-key-hash',
    match_cell: '7140:10280',
    match_group: 'Roads',
    match_keys: ['pothole', 'سوم'],
    match_words: 'pothole سوم\nخیابان',
    match_pending: true,
    timeline: [{ type: 'registered', at: AT, actor_role: 'citizen', visibility: 'public', text: null, data: { system: '137' } }],
    deadlines: [{ id: `${id}/triage`, stage: 'triage', due_at: '2026-11-30T06:00:00.000Z' }],
    outbox: [],
    contacts: [],
  };
}

/** The database as a writer sees it, counting the statements it runs and how many run at once. */
class Watched implements Queryable {
  statements: string[] = [];
  inFlight = 0;
  mostInFlight = 0;
  constructor(private readonly db: Database) {}
  async query<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    this.statements.push(sql.includes('json_to_recordset($1::json)') ? 'batch' : 'one');
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      return await this.db.query<Row>(sql, params);
    } finally {
      this.inFlight -= 1;
    }
  }
}

describe.each(BACKENDS)('registration writer on %s', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: null, demo: false, databaseUrl: backend === 'postgres' ? await newPostgresDatabase() : undefined });
  });
  afterAll(() => db.close());

  const written = async (id: string) => ({
    message: (await db.query(
      `SELECT system, service_code, description, lat, long, address, region, attributes, media_url, lang, private, suggestion,
        citizen_token_hash, registered_at, updated_at, state, public_status, unit_id, snapshot::text AS snapshot,
        match_cell, match_group, match_keys, match_words, match_pending
       FROM messages WHERE id = $1`,
      [id],
    )).map((row) => ({ ...row, description: String(row.description).replace(id, '…'), citizen_token_hash: String(row.citizen_token_hash).replace(id, '…'), snapshot: String(row.snapshot).replace(id, '…') })),
    timeline: await db.query('SELECT type, at, actor_role, visibility, text, data FROM timeline WHERE message_id = $1', [id]),
    deadlines: await db.query('SELECT stage, due_at FROM deadlines WHERE message_id = $1', [id]),
    claims: await db.query('SELECT api_key_hash, key, message_id FROM idempotency_keys WHERE message_id = $1', [id]),
    contacts: await db.query('SELECT phone, first_name, last_name, email, device_id, sealed_token FROM message_contacts WHERE message_id = $1', [id]),
  });
  const CONTACT = { phone: '+989121234567', first_name: 'شیرین', last_name: null, email: null, device_id: null, sealed_token: 'sealed' };
  const withContact = (id: string) => ({ ...record(id), contacts: [CONTACT] });

  it('writes the same rows for a registration in a batch as for one alone', async () => {
    expect(await writeOne(db, record(`alone-${backend}`))).toBe(true);
    expect(await writeBatch(db, [record(`batched-${backend}`), record(`other-${backend}`)])).toEqual(new Set([`batched-${backend}`, `other-${backend}`]));
    const [alone, batched] = [await written(`alone-${backend}`), await written(`batched-${backend}`)];
    expect(alone.message).toHaveLength(1);
    expect(alone.timeline).toHaveLength(1);
    expect(alone.deadlines).toHaveLength(1);
    expect(alone.contacts).toEqual([]);
    expect(batched).toEqual(alone);
    // The snapshot is stored as the JSON text the server wrote, in a batch too.
    expect(batched.message[0]?.snapshot).toBe(JSON.stringify(record('…').snapshot));
    expect(alone.message[0]).toMatchObject({ match_cell: '7140:10280', match_group: 'Roads', match_keys: ['pothole', 'سوم'], match_words: 'pothole سوم\nخیابان', match_pending: true });
  });

  it('writes contact details in a batch as alone, and none for the registrations without', async () => {
    expect(await writeOne(db, withContact(`contact-alone-${backend}`))).toBe(true);
    const ids = [`contact-batched-${backend}`, `no-contact-${backend}`];
    expect(await writeBatch(db, [withContact(ids[0]!), record(ids[1]!)])).toEqual(new Set(ids));
    const [alone, batched, without] = [await written(`contact-alone-${backend}`), await written(ids[0]!), await written(ids[1]!)];
    expect(alone.contacts).toEqual([CONTACT]);
    expect(batched).toEqual(alone);
    expect(without.message).toHaveLength(1);
    expect(without.contacts).toEqual([]);
  });

  it('writes nothing for an Idempotency-Key taken earlier or by another registration of the batch', async () => {
    expect(await writeOne(db, record(`first-${backend}`, `key-a-${backend}`))).toBe(true);
    const stored = await writeBatch(db, [
      record(`retry-${backend}`, `key-a-${backend}`),
      record(`new-${backend}`, `key-b-${backend}`),
      record(`twin-${backend}`, `key-b-${backend}`),
      record(`keyless-${backend}`),
    ]);
    expect(stored).toEqual(new Set([`new-${backend}`, `keyless-${backend}`]));
    for (const id of [`retry-${backend}`, `twin-${backend}`]) expect((await written(id)).message).toHaveLength(0);
    expect((await written(`new-${backend}`)).claims).toEqual([{ api_key_hash: 'api-key-hash', key: `key-b-${backend}`, message_id: `new-${backend}` }]);
  });

  it('gathers registrations that wait into one statement, never more in flight than allowed', async () => {
    const watched = new Watched(db);
    const writer = new RegistrationWriter(watched, { concurrency: 2, maxBatch: 8 });
    const ids = Array.from({ length: 30 }, (_, i) => `gathered-${backend}-${i}`);
    expect(await Promise.all(ids.map((id) => writer.write(record(id))))).toEqual(ids.map(() => true));
    expect(watched.mostInFlight).toBeLessThanOrEqual(2);
    // Two go at once, alone; the 28 that waited go in batches of at most eight.
    expect(watched.statements.slice(0, 2)).toEqual(['one', 'one']);
    expect(watched.statements.filter((s) => s === 'batch')).toHaveLength(4);
    for (const id of ids) expect((await written(id)).timeline).toHaveLength(1);
  });

  it('writes each registration of a failed batch again alone, so one bad registration fails only itself', async () => {
    expect(await writeOne(db, record(`taken-${backend}`))).toBe(true);
    const watched = new Watched(db);
    const writer = new RegistrationWriter(watched, { concurrency: 1, maxBatch: 8 });
    const busy = writer.write(record(`busy-${backend}`));
    // These two wait for the first and go together; the first reuses a stored message's id.
    const clash = writer.write(record(`taken-${backend}`));
    const fine = writer.write(record(`fine-${backend}`));
    expect(await busy).toBe(true);
    await expect(clash).rejects.toMatchObject({ code: '23505' });
    expect(await fine).toBe(true);
    expect(watched.statements).toEqual(['one', 'batch', 'one', 'one']);
    expect((await written(`fine-${backend}`)).message).toHaveLength(1);
  });

  it('writes a registration with outbox rows alone, at once', async () => {
    const watched = new Watched(db);
    const writer = new RegistrationWriter(watched, { concurrency: 1, maxBatch: 8 });
    const suggestion = {
      ...record(`suggestion-${backend}`),
      outbox: [{ kind: 'suggestion' as const, idempotency_key: `suggestion-${backend}:publish_suggestion`, payload: { messageId: `suggestion-${backend}` } }],
    };
    const written = await Promise.all([writer.write(record(`plain-${backend}`)), writer.write(suggestion), writer.write(withContact(`waits-${backend}`)), writer.write(record(`waits-too-${backend}`))]);
    expect(written).toEqual([true, true, true, true]);
    // The suggestion did not wait for the first; the next two waited and went together.
    expect(watched.statements).toEqual(['one', 'one', 'batch']);
    expect(await db.query('SELECT kind FROM outbox WHERE message_id = $1', [`suggestion-${backend}`])).toEqual([{ kind: 'suggestion' }]);
  });
});
