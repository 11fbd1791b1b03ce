import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { openDatabase } from '../src/server.js';
import { loadCatalog, type Catalog } from '../src/config/catalog.js';
import { PublicAddress } from '../src/config/public-address.js';
import type { Database, Queryable, SqlValue } from '../src/db/database.js';
import type { ServerContext } from '../src/engine/context.js';
import { frequencyStats, type FrequencyQuery } from '../src/stats/frequency.js';
import { feedbackAnalytics, feedbackTotals, type FeedbackAnalyticsQuery } from '../src/stats/feedback.js';
import { prepareStatistics, rebuildStatistics } from '../src/stats/rollups.js';
import type { StaffMember } from '../src/access/index.js';
import { BACKENDS, newPostgresDatabase } from './support/harness.js';

// Random messages around the Jalali month edge 30 Azar / 1 Dey 1405 (21–22 December 2026), with
// random status changes, referrals, reclassifications and timelines, written straight to the
// database so the triggers see every kind of write. After each batch the statistics from the daily
// counts must equal the same statistics counted from the messages and the timeline.
const START = Date.parse('2026-12-10T00:00:00Z');
const SPAN_MS = 25 * 86_400_000;
const SERVICES = ['pothole', 'garbage', 'trees', null, 'staff-misconduct'] as const;
const REGIONS = ['6', '7', '12', null] as const;
const UNITS = ['district-6', 'district-7', 'call-center-137'] as const;
const STATUSES = ['received', 'in_progress', 'closed'] as const;

const messageArb = fc.record({
  system: fc.constantFrom('137', '1888'),
  service: fc.constantFrom(...SERVICES),
  region: fc.constantFrom(...REGIONS),
  unit: fc.constantFrom(...UNITS),
  status: fc.constantFrom(...STATUSES),
  private: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  at: fc.integer({ min: 0, max: SPAN_MS }),
});
const changeArb = fc.record({
  pick: fc.nat(),
  status: fc.option(fc.constantFrom(...STATUSES)),
  unit: fc.option(fc.constantFrom(...UNITS)),
  region: fc.option(fc.constantFrom(...REGIONS)),
  service: fc.option(fc.constantFrom(...SERVICES)),
  private: fc.boolean(),
  // Linked as a duplicate to another message (true), unlinked (false), or left as it is.
  link: fc.option(fc.boolean()),
});
const entryArb = fc.record({
  pick: fc.nat(),
  type: fc.constantFrom('answered', 'answered', 'rejected', 'feedback', 'feedback', 'closed', 'reopened', 'comment'),
  resolved: fc.constantFrom('yes', 'partly', 'no'),
  rating: fc.integer({ min: 1, max: 5 }),
  at: fc.integer({ min: 0, max: SPAN_MS }),
});
const batchArb = fc.record({
  messages: fc.array(messageArb, { minLength: 10, maxLength: 25 }),
  changes: fc.array(changeArb, { maxLength: 10 }),
  entries: fc.array(entryArb, { minLength: 10, maxLength: 40 }),
});

const frequencyQueries: FrequencyQuery[] = [
  { bucket: 'day', count: 'messages', from: '1405-09-20', to: '1405-10-15' },
  { bucket: 'week', count: 'messages', from: '1405-09-15', to: '1405-10-20' },
  { bucket: 'month', count: 'messages', from: '1405-09-01', to: '1405-10-30' },
  { bucket: 'month', count: 'messages', from: '1405-09-01', to: '1405-10-30', region: '6' },
  { bucket: 'week', count: 'messages', from: '1405-09-15', to: '1405-10-20', status: 'open', jurisdiction_id: '137' },
  { bucket: 'day', count: 'messages', from: '1405-09-25', to: '1405-10-05', service_code: 'pothole' },
  { bucket: 'month', count: 'messages', from: '1405-09-12', to: '1405-10-20' },
  { bucket: 'year', count: 'messages', from: '1405-01-01', to: '1405-12-29' },
  { bucket: 'month', count: 'matters', from: '1405-09-01', to: '1405-10-30' },
];
const feedbackQueries: Omit<FeedbackAnalyticsQuery, 'bucket'>[] = [
  { by: ['unit', 'period'], from: '1405-09-01', to: '1405-10-30' },
  { by: ['service', 'region'], from: '1405-09-25', to: '1405-10-05' },
  { by: ['system', 'period'], from: '1405-09-15', to: '1405-10-20', jurisdiction_id: '137' },
  { by: [], from: '1405-09-01', to: '1405-10-30' },
  { by: ['region', 'period'], from: '1405-09-10', to: '1405-10-25' },
];
const staff: StaffMember[] = [
  { name: 'analyst', role: 'analyst', unitIds: null },
  { name: 'district 6', role: 'supervisor', unitIds: ['district-6'] },
];

function withMinimumCount(catalog: Catalog, minimumCount: number): Catalog {
  return { ...catalog, settings: { ...catalog.settings, statistics: { ...catalog.settings.statistics, minimumCount } } };
}

describe.each(BACKENDS)('the daily statistics counts equal counting the messages (%s)', (backend) => {
  let db: Database;
  let ctx: ServerContext;
  let next = 0;

  beforeAll(async () => {
    const databaseUrl = backend === 'postgres' ? await newPostgresDatabase() : undefined;
    db = await openDatabase({ dataDir: null, databaseUrl, demo: true });
    const catalog = await loadCatalog(db);
    await prepareStatistics(db, catalog.settings.calendar.timeZone);
    ctx = { db, catalog, now: () => new Date(START + SPAN_MS), log: { info() {}, error() {} }, secretKey: Buffer.alloc(32), address: new PublicAddress('') };
  }, 120_000);
  afterAll(() => db.close());

  async function write(batch: Batch): Promise<string[]> {
    const ids = batch.messages.map(() => `rollup-${++next}`);
    await db.query(
      `INSERT INTO messages (id, system, service_code, description, region, lang, private, citizen_token_hash,
         registered_at, updated_at, state, public_status, unit_id, snapshot)
       SELECT r.id, r.system, r.service_code, 'text', r.region, 'fa', r.private, md5(r.id), r.at, r.at, 'triage', r.status, r.unit, '{}'::jsonb
       FROM json_to_recordset($1::json) AS r(id text, system text, service_code text, region text, private boolean, at timestamptz, status text, unit text)`,
      [JSON.stringify(batch.messages.map((m, i) => ({ id: ids[i], system: m.system, service_code: m.service, region: m.region, private: m.private, at: new Date(START + m.at).toISOString(), status: m.status, unit: m.unit })))],
    );
    const all = (await db.query<{ id: string }>(`SELECT id FROM messages WHERE id LIKE 'rollup-%' ORDER BY id`)).map((r) => r.id);
    // One statement for several changes, like a deadline batch.
    await db.query(
      `UPDATE messages SET public_status = coalesce(c.status, public_status), unit_id = coalesce(c.unit, unit_id),
         region = CASE WHEN c.move THEN c.region ELSE messages.region END, service_code = coalesce(c.service, service_code),
         private = messages.private OR c.private,
         first_message_id = CASE WHEN c.link IS NULL THEN first_message_id WHEN c.link THEN c.first ELSE NULL END
       FROM json_to_recordset($1::json) AS c(id text, status text, unit text, move boolean, region text, service text, private boolean, link boolean, first text)
       WHERE messages.id = c.id`,
      [JSON.stringify([...new Map(batch.changes.map((c) => [all[c.pick % all.length]!, c])).entries()].map(([id, c]) => ({
        id, status: c.status, unit: c.unit, move: c.region !== null, region: c.region ?? null, service: c.service, private: c.private,
        link: c.link, first: all.find((other) => other !== id) ?? null,
      })))],
    );
    await db.query(
      `INSERT INTO timeline (message_id, type, at, actor_role, visibility, data)
       SELECT e.id, e.type, e.at, 'handler', 'public', e.data FROM json_to_recordset($1::json) AS e(id text, type text, at timestamptz, data jsonb)`,
      [JSON.stringify(batch.entries.map((e) => ({ id: all[e.pick % all.length], type: e.type, at: new Date(START + e.at).toISOString(), data: e.type === 'feedback' ? { resolved: e.resolved, rating: e.rating } : {} })))],
    );
    return ids;
  }

  async function expectSameAnswers(): Promise<void> {
    for (const k of [1, 5]) {
      const c = { ...ctx, catalog: withMinimumCount(ctx.catalog, k) };
      for (const q of frequencyQueries) {
        expect(await frequencyStats(c, q), JSON.stringify(q)).toEqual(await frequencyStats(c, q, { direct: true }));
      }
    }
    for (const member of staff) {
      for (const q of feedbackQueries) {
        for (const bucket of ['week', 'month'] as const) {
          const query = { ...q, bucket };
          expect(await feedbackAnalytics(ctx, member, query), JSON.stringify([member.name, q, bucket])).toEqual(await feedbackAnalytics(ctx, member, query, { direct: true }));
        }
        const query = { ...q, bucket: 'year' as const };
        expect(await feedbackAnalytics(ctx, member, query), JSON.stringify([member.name, q])).toEqual(await feedbackAnalytics(ctx, member, query, { direct: true }));
        expect(await feedbackTotals(ctx, member, q), JSON.stringify([member.name, q])).toEqual(await feedbackTotals(ctx, member, q, { direct: true }));
      }
      expect(await feedbackTotals(ctx, member, {})).toEqual(await feedbackTotals(ctx, member, {}, { direct: true }));
    }
  }

  it('after random registrations, status changes, referrals and timelines, folded or not', async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, fc.boolean(), async (batch, fold) => {
        await write(batch);
        if (fold) await frequencyStats(ctx, frequencyQueries[0]!); // folds the changes written so far
        await write({ ...batch, messages: batch.messages.slice(0, 2) });
        await expectSameAnswers();
      }),
      { numRuns: 12, seed: 1405 },
    );
    // Something was counted: the property compared more than empty answers.
    const month = await frequencyStats({ ...ctx, catalog: withMinimumCount(ctx.catalog, 1) }, frequencyQueries[2]!);
    expect(month.rows.reduce((sum, r) => sum + (r.count ?? 0), 0)).toBeGreaterThan(50);
    // Some were linked: matters, counted from the daily counts too, are fewer than messages.
    const matters = await frequencyStats({ ...ctx, catalog: withMinimumCount(ctx.catalog, 1) }, frequencyQueries.at(-1)!);
    const mattersCounted = matters.rows.reduce((sum, r) => sum + (r.count ?? 0), 0);
    expect(mattersCounted).toBeGreaterThan(0);
    expect(mattersCounted).toBeLessThan(month.rows.reduce((sum, r) => sum + (r.count ?? 0), 0));
    const answered = await feedbackAnalytics(ctx, staff[0]!, { by: [], bucket: 'month', from: '1405-09-01', to: '1405-10-30' });
    expect(answered.groups[0]?.answered).toBeGreaterThan(10);
  }, 600_000);

  it('folds what is pending in the same round trip as the time-zone check: a read is that statement and its query', async () => {
    await write({ messages: [{ system: '137', service: 'pothole', region: '6', unit: 'district-6', status: 'received', private: false, at: 1000 }], changes: [], entries: [] });
    const pending = async () => (await db.query<{ n: number }>('SELECT (SELECT count(*) FROM message_count_changes)::int AS n'))[0]!.n;
    expect(await pending()).toBeGreaterThan(0);
    const statements: string[] = [];
    const counting = Object.assign(Object.create(db) as Database, {
      query: <Row>(sql: string, params?: readonly SqlValue[]) => (statements.push(sql), db.query<Row>(sql, params)),
      transaction: <T>(work: (tx: Queryable) => Promise<T>) => (statements.push('a transaction'), db.transaction(work)),
    });
    const counted: ServerContext = { ...ctx, db: counting };
    const q = frequencyQueries[2]!;
    const answer = await frequencyStats(counted, q);
    expect(statements).toHaveLength(2);
    expect(await pending()).toBe(0);
    // Nothing pending: the same two statements, the same answer.
    statements.length = 0;
    expect(await frequencyStats(counted, q)).toEqual(answer);
    expect(statements).toHaveLength(2);
    expect(answer).toEqual(await frequencyStats(ctx, q, { direct: true }));
  });

  it('counts everything again when the calendar moves to another time zone, and back', async () => {
    const q: FrequencyQuery = { bucket: 'day', count: 'messages', from: '2026-12-19', to: '2026-12-24' };
    const utc = { ...ctx, catalog: { ...ctx.catalog, settings: { ...ctx.catalog.settings, calendar: { ...ctx.catalog.settings.calendar, timeZone: 'UTC' } } } };
    const k1 = { ...utc, catalog: withMinimumCount(utc.catalog, 1) };
    expect(await frequencyStats(k1, q)).toEqual(await frequencyStats(k1, q, { direct: true }));
    await rebuildStatistics(db, ctx.catalog.settings.calendar.timeZone);
    await expectSameAnswers();
  }, 300_000);
});

type Batch = {
  messages: { system: string; service: string | null; region: string | null; unit: string; status: string; private: boolean; at: number }[];
  changes: { pick: number; status: string | null; unit: string | null; region: string | null; service: string | null; private: boolean; link: boolean | null }[];
  entries: { pick: number; type: string; resolved: string; rating: number; at: number }[];
};

describe('a read while another process folds (postgres)', () => {
  let db: Database;
  let ctx: ServerContext;
  let other: pg.Client;

  beforeAll(async () => {
    const databaseUrl = await newPostgresDatabase();
    db = await openDatabase({ dataDir: null, databaseUrl, demo: true });
    const catalog = await loadCatalog(db);
    await prepareStatistics(db, catalog.settings.calendar.timeZone);
    ctx = { db, catalog: withMinimumCount(catalog, 1), now: () => new Date(START + SPAN_MS), log: { info() {}, error() {} }, secretKey: Buffer.alloc(32), address: new PublicAddress('') };
    other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
  }, 120_000);
  afterAll(async () => {
    await other.end();
    await db.close();
  });

  it('answers right without waiting for the fold lock, and leaves the changes for the next read', async () => {
    await db.query(
      `INSERT INTO messages (id, system, service_code, description, region, lang, private, citizen_token_hash, registered_at, updated_at, state, public_status, unit_id, snapshot)
       SELECT 'held-' || i, '137', 'pothole', 'text', '6', 'fa', false, md5(i::text), $1::timestamptz, $1::timestamptz, 'triage', 'received', 'district-6', '{}'::jsonb
       FROM generate_series(1, 3) AS i`,
      [new Date(START + 86_400_000).toISOString()],
    );
    const q = frequencyQueries[2]!;
    const pending = async () => (await db.query<{ n: number }>('SELECT (SELECT count(*) FROM message_count_changes)::int AS n'))[0]!.n;
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(1371889)');
    try {
      const answer = await frequencyStats(ctx, q);
      expect(answer.rows.reduce((sum, r) => sum + (r.count ?? 0), 0)).toBe(3);
      expect(answer).toEqual(await frequencyStats(ctx, q, { direct: true }));
      expect(await pending()).toBeGreaterThan(0);
    } finally {
      await other.query('COMMIT');
    }
    expect(await frequencyStats(ctx, q)).toEqual(await frequencyStats(ctx, q, { direct: true }));
    expect(await pending()).toBe(0);
  });
});
