import type { ServerContext } from '../engine/context.js';
import { searchMessages } from './auto-link.js';
import type { MatchRow } from './candidates.js';

/** What {@link DuplicateLinkQueue} takes besides the server context. */
export interface DuplicateLinkQueueOptions {
  /** Searches run at once (default 1). */
  concurrency?: number;
  /** Messages waiting at most; a message beyond stays marked for the worker to search later (default 10,000). */
  maxWaiting?: number;
  /**
   * Messages one search takes from the queue at most, searched one after another with their
   * marks cleared together (default 16). Only messages already waiting are taken: a message
   * registered alone is searched alone, at once.
   */
  batch?: number;
}

/**
 * The duplicate search of messages just registered, run after their registration has committed
 * and been answered, in the same process: a registration never waits for it. Messages are
 * searched in the order they were registered, `concurrency` runs at a time, each run taking the
 * messages waiting (at most `batch`) so that their marks are cleared in one statement. A message that is never
 * searched here (the queue full, the process stopped first, or its search failed) is not lost: it
 * stays marked `match_pending`, and the worker of any process queues it again (`searchLeftBehind`
 * in `auto-link.ts`).
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
  private dropped = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxWaiting: number;
  private readonly batch: number;

  constructor(
    private readonly ctx: ServerContext,
    options: DuplicateLinkQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxWaiting = Math.max(1, options.maxWaiting ?? 10_000);
    this.batch = Math.max(1, options.batch ?? 16);
  }

  /** Queues the search of a message; `false` when it is queued already, there is no room, or the queue has stopped. */
  add(row: MatchRow): boolean {
    if (this.stopped || this.queued.has(row.id)) return false;
    if (this.waiting.length >= this.maxWaiting) {
      // Said once per run of drops, not once per message.
      if (this.dropped++ === 0) this.ctx.log.error('duplicate search falls behind registrations; the worker searches the rest later', { waiting: this.waiting.length });
      return false;
    }
    this.dropped = 0;
    this.queued.add(row.id);
    this.waiting.push(row);
    this.pump();
    return true;
  }

  /** How many messages wait or are being searched. */
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
    const left = this.waiting.splice(0);
    for (const row of left) this.queued.delete(row.id);
    this.settle();
    await this.idle();
    return left.length;
  }

  /** Resolves once every message queued so far has been searched. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.runs < this.concurrency && this.waiting.length > 0) {
      const rows = this.waiting.splice(0, this.batch);
      this.runs++;
      this.running += rows.length;
      // searchMessages never throws: a failure is logged and the message stays marked for the worker.
      void searchMessages(this.ctx, rows).finally(() => {
        for (const row of rows) this.queued.delete(row.id);
        this.runs--;
        this.running -= rows.length;
        this.pump();
        this.settle();
      });
    }
  }

  /** Tells those waiting for an empty queue, once it is. */
  private settle(): void {
    if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
