import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import type { Database } from '../src/db/database.js';
import type { Context } from 'hono';
import { SharedCounters } from '../src/http/rate-limit-counters.js';
import { RateLimits } from '../src/http/rate-limits.js';
import { ApiProblem } from '../src/http/problems.js';
import { BACKENDS, newPostgresDatabase } from './support/harness.js';

const MINUTE = 60_000;

describe.each(BACKENDS)('the abuse limits’ shared counters on %s', (backend) => {
  let db: Database;
  /** A second connection to the same database, as a second server process has (PostgreSQL only). */
  let other: Database | null = null;
  beforeAll(async () => {
    const databaseUrl = backend === 'postgres' ? await newPostgresDatabase() : undefined;
    db = await openDatabase({ dataDir: null, demo: false, databaseUrl });
    if (databaseUrl) other = await openDatabase({ dataDir: null, demo: false, databaseUrl });
  });
  afterAll(async () => {
    await other?.close();
    await db.close();
  });

  it('gives each of many spends arriving at once, from two processes, its own count, however they are batched', async () => {
    const counters = [new SharedCounters(db), new SharedCounters(other ?? db)];
    const spends = Array.from({ length: 120 }, (_, i) => counters[i % 2]!.spend({ key: 'lookupsPerAddress:203.0.113.7', windowMs: MINUTE }));
    // Other keys in the same batches do not disturb the count.
    const noise = Array.from({ length: 30 }, (_, i) => counters[i % 2]!.spend({ key: `lookupsPerAddress:203.0.113.${100 + (i % 3)}`, windowMs: MINUTE }));
    const states = await Promise.all(spends);
    await Promise.all(noise);
    expect(states.map((s) => s.spent).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(states.map((s) => s.expiresAt)).size).toBe(1);
    const [row] = await db.query<{ points: number }>('SELECT points FROM rate_limits WHERE key = $1', ['lookupsPerAddress:203.0.113.7']);
    expect(Number(row?.points)).toBe(120);
  });

  it('starts a counter again once its window has ended, and sweeps counters long ended', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const counters = new SharedCounters(db, 2, () => now);
    const key = 'registrationsPerAddress:198.51.100.20';
    expect(await counters.spend({ key, windowMs: MINUTE })).toEqual({ spent: 1, expiresAt: now + MINUTE });
    now += 30_000;
    expect(await counters.spend({ key, windowMs: MINUTE })).toEqual({ spent: 2, expiresAt: now - 30_000 + MINUTE });
    now += 30_000;
    expect(await counters.spend({ key, windowMs: MINUTE })).toEqual({ spent: 1, expiresAt: now + MINUTE });
    // Ended over an hour ago: swept; a counter still in its window stays.
    now += MINUTE + 3_600_001;
    await counters.spend({ key: 'registrationsPerAddress:198.51.100.21', windowMs: MINUTE });
    expect(await counters.sweep()).toBeGreaterThanOrEqual(1);
    const keys = (await db.query<{ key: string }>('SELECT key FROM rate_limits WHERE key LIKE $1', ['registrationsPerAddress:198.51.100.2%'])).map((r) => r.key);
    expect(keys).toEqual(['registrationsPerAddress:198.51.100.21']);
  });

  it('fails each spend of a batch the database refused, so the caller can count elsewhere', async () => {
    const broken = { ...db, query: () => Promise.reject(new Error('connection lost')) } as unknown as Database;
    const counters = new SharedCounters(broken);
    const results = await Promise.allSettled([1, 2, 3].map(() => counters.spend({ key: 'listsPerAddress:192.0.2.1', windowMs: MINUTE })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('counts in memory when the database fails, rather than refusing everyone or no one', async () => {
    const broken = { ...db, query: () => Promise.reject(new Error('connection lost')) } as unknown as Database;
    const limits = new RateLimits(broken, { lookupsPerAddress: { points: 2, seconds: 60 } }, 'database');
    const c = { req: { query: () => undefined, header: () => undefined } } as unknown as Context;
    await limits.spend(c, 'lookupsPerAddress', '192.0.2.9');
    await limits.spend(c, 'lookupsPerAddress', '192.0.2.9');
    const third = await limits.spend(c, 'lookupsPerAddress', '192.0.2.9').then(() => null, (e: unknown) => e);
    expect(third).toBeInstanceOf(ApiProblem);
    expect((third as ApiProblem).status).toBe(429);
  });
});
