import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { open311RequestSchema, type Open311Request } from '@payam/core';
import { z } from 'zod';
import { BACKENDS, newPostgresDatabase, startTestServer, type TestServer } from './support/harness.js';

async function view(s: TestServer, id: string): Promise<Open311Request> {
  const response = await s.get(`/open311/v2/requests/${id}.json?extensions=true`);
  expect(response.status).toBe(200);
  return z.array(open311RequestSchema).parse(await response.json())[0]!;
}

/** Registers `count` messages and moves the clock past their first deadline. */
async function dueMessages(s: TestServer, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await s.submit({ description: `Pothole number ${i}.` })).id);
  const due = Math.max(...(await Promise.all(ids.map(async (id) => Date.parse((await view(s, id)).extended_attributes!.stage_due_datetime!)))));
  s.clock.ms = due + 60_000;
  return ids;
}

function escalations(message: Open311Request): number {
  return message.notes?.filter((n) => n.type === 'escalated').length ?? 0;
}

describe.each(BACKENDS)('due deadlines fed back in batches on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend, { deadlineBatch: 4 });
  });
  afterAll(() => s.close());

  it('applies every due deadline once across several batches, and keeps the deadlines the escalations schedule', async () => {
    const ids = await dueMessages(s, 11);
    const run = await s.runWorker();
    expect(run.deadlines).toBe(11);
    expect((await s.runWorker()).deadlines).toBe(0);
    const escalated = await Promise.all(ids.map((id) => view(s, id)));
    for (const message of escalated) {
      expect(message.extended_attributes?.escalation_level).toBe(1);
      expect(escalations(message)).toBe(1);
    }
    // The next stage's deadline was written in the same batch as the escalation, and fires in turn.
    s.clock.ms = Math.max(...escalated.map((m) => Date.parse(m.extended_attributes!.stage_due_datetime!))) + 60_000;
    expect((await s.runWorker()).deadlines).toBe(11);
    for (const id of ids) expect((await view(s, id)).extended_attributes?.detailed_status).toBe('overdue');
  });
});

describe('due deadlines on PostgreSQL beside other transactions', () => {
  let s: TestServer;
  let db: pg.Client;
  // A server and database for each test: the clock moves past every deadline of the one before.
  beforeEach(async () => {
    const databaseUrl = await newPostgresDatabase();
    s = await startTestServer('postgres', { databaseUrl, deadlineBatch: 5 });
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterEach(async () => {
    await db.end();
    await s.close();
  });

  it('leaves a deadline that fails for the next run, and applies the rest of its batch once', async () => {
    const ids = await dueMessages(s, 7);
    const broken = ids[2]!;
    const { rows } = await db.query<{ snapshot: string }>('SELECT snapshot::text AS snapshot FROM messages WHERE id = $1', [broken]);
    await db.query(`UPDATE messages SET snapshot = '{"format":"unknown"}'::json WHERE id = $1`, [broken]);
    const run = await s.runWorker();
    expect(run.deadlines).toBe(6);
    expect(s.logs.some((line) => line.includes('deadline failed') && line.includes(broken))).toBe(true);
    const left = await db.query('SELECT id FROM deadlines WHERE message_id = $1 AND due_at <= $2', [broken, s.clock.now().toISOString()]);
    expect(left.rows).toHaveLength(1);
    for (const id of ids.filter((id) => id !== broken)) expect(escalations(await view(s, id))).toBe(1);

    // Mended, it is fed back on the next run, once.
    await db.query('UPDATE messages SET snapshot = $2::json WHERE id = $1', [broken, rows[0]!.snapshot]);
    expect((await s.runWorker()).deadlines).toBe(1);
    expect(escalations(await view(s, broken))).toBe(1);
    for (const id of ids) expect(escalations(await view(s, id))).toBe(1);
  });

  it('does not wait for a message another transaction holds: its deadline waits for the next run', async () => {
    const ids = await dueMessages(s, 6);
    const held = ids[4]!;
    await db.query('BEGIN');
    await db.query('SELECT id FROM messages WHERE id = $1 FOR UPDATE', [held]);
    try {
      expect((await s.runWorker()).deadlines).toBe(5);
    } finally {
      await db.query('COMMIT');
    }
    expect(escalations(await view(s, held))).toBe(0);
    expect((await s.runWorker()).deadlines).toBe(1);
    for (const id of ids) expect(escalations(await view(s, id))).toBe(1);
  });
});

/**
 * Two processes on one new PostgreSQL database: a writer on the real clock whose worker never runs
 * by itself, and a sleeper whose worker looks for work only every ten minutes (its clock the real
 * one, or the test's with `realClock: false`). `work` gets them, a message the writer registered
 * and a count of that message's deadlines.
 */
async function withSleeper(
  realClock: boolean,
  work: (parts: { sleeper: TestServer; db: pg.Client; id: string; deadlinesOf: () => Promise<number> }) => Promise<void>,
): Promise<void> {
  const databaseUrl = await newPostgresDatabase();
  const writer = await startTestServer('postgres', { databaseUrl, now: () => new Date() });
  const sleeper = await startTestServer('postgres', { databaseUrl, workerIntervalMs: 600_000, ...(realClock ? { now: () => new Date() } : {}) });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { id } = await writer.submit();
    const deadlinesOf = async () => (await db.query('SELECT id FROM deadlines WHERE message_id = $1', [id])).rows.length;
    await work({ sleeper, db, id, deadlinesOf });
  } finally {
    await db.end();
    await sleeper.close();
    await writer.close();
  }
}

/** Waits until `count` is 0 or `ms` have passed. */
async function untilNone(count: () => Promise<number>, ms: number): Promise<void> {
  const started = Date.now();
  while ((await count()) > 0 && Date.now() - started < ms) await new Promise((done) => setTimeout(done, 50));
}

describe('a deadline written to fall due soon, on PostgreSQL', () => {
  it('wakes the worker of another process for it, long before its next regular look', async () => {
    await withSleeper(true, async ({ db, id, deadlinesOf }) => {
      expect(await deadlinesOf()).toBe(1);
      await db.query("UPDATE deadlines SET due_at = now() + interval '1 second' WHERE message_id = $1", [id]);
      await untilNone(deadlinesOf, 30_000);
      // Fed back by the sleeping process (the writer's worker never runs by itself).
      expect(await deadlinesOf()).toBe(0);
    });
  }, 120_000);

  it('looks again when it falls due, by the server\'s clock, if woken a little before it', async () => {
    // The sleeper's clock stands still until the test moves it: its timer fires before the
    // deadline is due by that clock, as a timer set from a stale loop time or a payload cut to
    // milliseconds fires a little early by the real one.
    await withSleeper(false, async ({ sleeper, db, id, deadlinesOf }) => {
      await db.query('UPDATE deadlines SET due_at = $2 WHERE message_id = $1', [id, new Date(sleeper.clock.ms + 300)]);
      // The wake-up fires after 300 ms and finds nothing due yet by the sleeper's clock.
      await new Promise((done) => setTimeout(done, 800));
      expect(await deadlinesOf()).toBe(1);
      sleeper.clock.advance(300);
      await untilNone(deadlinesOf, 10_000);
      expect(await deadlinesOf()).toBe(0);
    });
  }, 60_000);
});
