/**
 * The duplicate search's queue is background work: while requests keep arriving it takes at most
 * its share of the time, and without new requests it runs one search after another. The
 * search here is a stand-in that takes a known time on fake timers, so the test reads when each
 * search began.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuplicateLinkQueue } from '../src/duplicates/link-queue.js';
import type { MatchRow } from '../src/duplicates/candidates.js';
import type { ServerContext } from '../src/engine/context.js';
import { RequestActivity } from '../src/engine/activity.js';

const row = (id: string): MatchRow => ({
  id, system: '137', service_code: 'pothole', description: 'چاله', address: null, lat: 35.7, long: 51.4, region: '6',
  registered_at: '2026-12-01T08:00:00.000Z', unit_id: 'intake-137', private: false, first_message_id: null, state: 'registered', public_status: 'received',
});
/** Each search takes this long. */
const SEARCH_MS = 20;

describe('the duplicate search queue', () => {
  let started: { id: string; at: number }[];
  const search = (rows: readonly MatchRow[]) => {
    for (const r of rows) started.push({ id: r.id, at: performance.now() });
    return new Promise<void>((resolve) => setTimeout(resolve, SEARCH_MS));
  };
  let activity: RequestActivity;
  let ctx: ServerContext;
  /** A registration as the app makes it: its request begins, then its message is queued. */
  const register = (queue: DuplicateLinkQueue, id: string) => {
    activity.note();
    queue.add(row(id));
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    started = [];
    activity = new RequestActivity();
    ctx = { log: { info() {}, error() {} }, activity } as unknown as ServerContext;
  });
  afterEach(() => vi.useRealTimers());

  it('rests after a search during which registrations arrived, for the rest of its share of the time', async () => {
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 0.25, search });
    const t0 = performance.now();
    register(queue, 'a');
    await vi.advanceTimersByTimeAsync(5);
    // Two registrations while the first search runs.
    register(queue, 'b');
    register(queue, 'c');
    // The first search ends at 20 ms; 0.25 of the time: it rests 60 ms, until 80.
    await vi.advanceTimersByTimeAsync(70);
    expect(started.map((s) => s.id)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(10);
    expect(started.map((s) => s.id)).toEqual(['a', 'b']);
    expect(started[1]!.at - t0).toBe(80);
    // Nothing registered while b ran: c follows at once.
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    expect(started.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(started[2]!.at - t0).toBe(100);
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('runs searches one after another when registrations do not arrive meanwhile, and all at once with a share of 1', async () => {
    for (const share of [0.25, 1]) {
      started = [];
      const queue = new DuplicateLinkQueue(ctx, { batch: 1, share, search });
      const t0 = performance.now();
      for (const id of ['a', 'b', 'c']) register(queue, id);
      await vi.advanceTimersByTimeAsync(3 * SEARCH_MS);
      expect(started.map((s) => s.at - t0)).toEqual([0, SEARCH_MS, 2 * SEARCH_MS]);
      await queue.idle();
    }
    // A share of 1 never rests, even while registrations arrive.
    started = [];
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 1, search });
    const t0 = performance.now();
    register(queue, 'a');
    await vi.advanceTimersByTimeAsync(5);
    register(queue, 'b');
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    expect(started.map((s) => s.at - t0)).toEqual([0, SEARCH_MS]);
  });

  it('stops at once while resting, leaving the waiting messages to the worker', async () => {
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 0.1, search });
    register(queue, 'a');
    await vi.advanceTimersByTimeAsync(5);
    register(queue, 'b');
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    const stopping = queue.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(await stopping).toBe(1);
    expect(started.map((s) => s.id)).toEqual(['a']);
  });

  it('runs one search at a time while registrations arrive, and up to its concurrency a second after they stop', async () => {
    const slow = (rows: readonly MatchRow[]) => {
      for (const r of rows) started.push({ id: r.id, at: performance.now() });
      return new Promise<void>((resolve) => setTimeout(resolve, 700));
    };
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 1, concurrency: 2, search: slow });
    const t0 = performance.now();
    for (const id of ['a', 'b', 'c', 'd']) register(queue, id);
    // Registered at 0: at 700 that is recent still, at 1400 a second past.
    await vi.advanceTimersByTimeAsync(2100);
    expect(started.map((s) => [s.id, s.at - t0])).toEqual([['a', 0], ['b', 700], ['c', 1400], ['d', 1400]]);
    await queue.idle();
  });
  it('yields to other requests as to registrations: a status read during a search makes the next one wait', async () => {
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 0.5, search });
    const t0 = performance.now();
    register(queue, 'a');
    register(queue, 'b');
    await vi.advanceTimersByTimeAsync(5);
    activity.note();
    // a ends at 20; half the time: b waits 20 ms more.
    await vi.advanceTimersByTimeAsync(30);
    expect(started.map((s) => s.at - t0)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5);
    expect(started.map((s) => s.at - t0)).toEqual([0, 40]);
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    await queue.idle();
  });
  it('does not rest for messages queued without a request (the worker queuing those left behind)', async () => {
    const queue = new DuplicateLinkQueue(ctx, { batch: 1, share: 0.25, search });
    const t0 = performance.now();
    queue.add(row('a'));
    await vi.advanceTimersByTimeAsync(5);
    queue.add(row('b'));
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    expect(started.map((s) => s.at - t0)).toEqual([0, SEARCH_MS]);
    await vi.advanceTimersByTimeAsync(SEARCH_MS);
    await queue.idle();
  });
});
