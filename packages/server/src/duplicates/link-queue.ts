import { toIso, type ServerContext } from '../engine/context.js';
import { searchMessages } from './auto-link.js';
import { pendingMatchRows, type MatchRow } from './candidates.js';

/** How long after the last request the queue counts requests as still arriving (ms). */
const BUSY_MS = 1000;

/** What {@link DuplicateLinkQueue} takes besides the server context. */
export interface DuplicateLinkQueueOptions {
  /**
   * Searches run at once when no request has arrived for a second (default 1); while requests
   * arrive, one at a time.
   */
  concurrency?: number;
  /**
   * Messages waiting in memory at most (default 10,000). Beyond, a message stays marked in the
   * database only, and the queue reads it back from there once it has room again.
   */
  maxWaiting?: number;
  /**
   * Messages one search takes from the queue at most, searched one after another with their
   * marks cleared together (default 16). Only messages already waiting are taken: a message
   * registered alone is searched alone, at once.
   */
  batch?: number;
  /**
   * The share of the time searches may take while requests keep arriving and messages wait
   * (default 0.25, between 0.01 and 1): after a search of `d` ms during which another request
   * began (a registration or any other), the next one waits `d × (1 − share) / share` ms, so
   * requests keep most of the machine under a burst and the search catches up once it ends.
   * Without new requests the searches run one after another.
   */
  share?: number;
  /** Searches the messages (default: {@link searchMessages}); never throws. */
  search?: (rows: readonly MatchRow[]) => Promise<unknown>;
}

/**
 * The duplicate search of messages just registered, run after their registration has committed
 * and been answered, in the same process: a registration never waits for it. Messages are searched
 * in the order they were registered, `concurrency` runs at a time, each run taking the messages
 * waiting (at most `batch`) so that their marks are cleared in one statement.
 *
 * The search is background work: while requests keep arriving (the context's `activity`, which
 * the app notes for every request, registrations included) it takes at most `share` of the time,
 * and it runs flat out once they stop. A message beyond `maxWaiting` is read back from the
 * database (it stays marked `match_pending`) once the queue has room. A message that is never
 * searched here (the process stopped first, or its search failed) is not lost either: the worker of
 * any process queues it again (`searchLeftBehind` in `auto-link.ts`).
 */
export class DuplicateLinkQueue {
  private readonly waiting: MatchRow[] = [];
  /** The messages waiting or being searched, so one is never queued twice at once. */
  private readonly queued = new Set<string>();
  /** Messages being searched. */
  private running = 0;
  /** Searches under way. */
  private runs = 0;
  private stopped = false;
  /** The earliest registration time of a message left in the database for want of room, if any. */
  private behindSince: string | null = null;
  /** Reading messages left in the database back, under way. */
  private catchingUp = false;
  /** A pause between searches under way. */
  private pause: ReturnType<typeof setTimeout> | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxWaiting: number;
  private readonly batch: number;
  private readonly share: number;
  private readonly search: (rows: readonly MatchRow[]) => Promise<unknown>;

  constructor(
    private readonly ctx: ServerContext,
    options: DuplicateLinkQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxWaiting = Math.max(1, options.maxWaiting ?? 10_000);
    this.batch = Math.max(1, options.batch ?? 16);
    this.share = Math.min(1, Math.max(0.01, options.share ?? 0.25));
    this.search = options.search ?? ((rows) => searchMessages(ctx, rows));
  }

  /** Queues the search of a message; `false` when it is queued already, there is no room, or the queue has stopped. */
  add(row: MatchRow): boolean {
    if (this.stopped || this.queued.has(row.id)) return false;
    if (this.waiting.length >= this.maxWaiting) {
      // Said once per run of drops, not once per message; read back from the database later.
      if (this.behindSince === null) {
        this.ctx.log.error('duplicate search falls behind registrations; the rest are read back from the database', { waiting: this.waiting.length });
      }
      this.leftBehind(toIso(row.registered_at));
      return false;
    }
    this.queued.add(row.id);
    this.waiting.push(row);
    this.pump();
    return true;
  }

  /** How many messages wait or are being searched (those left in the database not counted). */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /**
   * Stops taking messages and lets the searches under way finish. The messages still waiting are
   * not searched here: they stay marked `match_pending`, and a worker searches them later, so a
   * process stops in moments even with a long queue.
   */
  async stop(): Promise<number> {
    this.stopped = true;
    if (this.pause) clearTimeout(this.pause);
    this.pause = null;
    this.behindSince = null;
    const left = this.waiting.splice(0);
    for (const row of left) this.queued.delete(row.id);
    this.settle();
    await this.idle();
    return left.length;
  }

  /** Resolves once every message queued so far, and every one left in the database for want of room, has been searched. */
  idle(): Promise<void> {
    if (this.settled()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settled(): boolean {
    return this.size === 0 && this.behindSince === null && !this.catchingUp;
  }

  private pump(): void {
    if (this.pause) return;
    if (this.waiting.length === 0 && this.runs === 0 && this.behindSince !== null && !this.catchingUp && !this.stopped) {
      void this.catchUp();
      return;
    }
    // While requests arrive, one search at a time; the others only once they stop.
    const limit = performance.now() - this.lastRequest() < BUSY_MS ? 1 : this.concurrency;
    while (this.runs < limit && this.waiting.length > 0) {
      const rows = this.waiting.splice(0, this.batch);
      this.runs++;
      this.running += rows.length;
      const started = performance.now();
      // The search never throws: a failure is logged and the message stays marked for the worker.
      void this.search(rows).finally(() => {
        for (const row of rows) this.queued.delete(row.id);
        this.runs--;
        this.running -= rows.length;
        const took = performance.now() - started;
        // Requests arrived meanwhile and more wait: give them the rest of the time.
        if (this.share < 1 && this.lastRequest() > started && this.waiting.length > 0 && !this.stopped) this.rest((took * (1 - this.share)) / this.share);
        else this.pump();
        this.settle();
      });
    }
  }

  /** When the last request began (ms, `performance.now()`), if the context notes them. */
  private lastRequest(): number {
    return this.ctx.activity?.last ?? -Infinity;
  }

  /** Notes a message registered at `at` left in the database, to be read back from there. */
  private leftBehind(at: string): void {
    if (this.behindSince === null || at < this.behindSince) this.behindSince = at;
  }

  private rest(ms: number): void {
    if (this.pause) return;
    this.pause = setTimeout(() => {
      this.pause = null;
      this.pump();
    }, ms);
    this.pause.unref?.();
  }

  /** Reads the messages left in the database for want of room back into the queue, oldest first. */
  private async catchUp(): Promise<void> {
    const since = this.behindSince;
    if (since === null) return;
    this.catchingUp = true;
    this.behindSince = null;
    try {
      const room = Math.max(1, this.maxWaiting - this.waiting.length);
      const rows = await pendingMatchRows(this.ctx.db, { since }, room);
      // More than there was room for: read on from the last one once these are searched.
      const last = rows.at(-1);
      if (rows.length === room && last) {
        this.leftBehind(toIso(last.registered_at));
      }
      for (const row of rows) this.add(row);
    } catch (error) {
      // Left marked: the worker searches them later.
      this.ctx.log.error('reading back the duplicate searches left behind failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.catchingUp = false;
      this.pump();
      this.settle();
    }
  }

  /** Tells those waiting for an empty queue, once it is. */
  private settle(): void {
    if (this.settled()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
