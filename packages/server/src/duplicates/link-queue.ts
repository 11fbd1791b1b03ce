import type { ServerContext } from '../engine/context.js';
import { linkOnRegistration } from './auto-link.js';
import type { MatchRow } from './candidates.js';

/** What {@link DuplicateLinkQueue} takes besides the server context. */
export interface DuplicateLinkQueueOptions {
  /** Searches run at once (default 1). */
  concurrency?: number;
  /** Messages waiting at most; a message beyond stays on its own and is suggested to staff (default 10,000). */
  maxWaiting?: number;
}

/**
 * The duplicate search of messages just registered, run after their registration has committed
 * and been answered, in the same process: a registration never waits for it. Messages are
 * searched in the order they were registered, `concurrency` at a time. A message that is never
 * searched (the queue full, or the process stopped first) is not lost: it stays on its own and
 * staff see its duplicates through `GET /staff/v1/messages/{id}/similar`.
 */
export class DuplicateLinkQueue {
  private readonly waiting: MatchRow[] = [];
  private running = 0;
  private dropped = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxWaiting: number;

  constructor(
    private readonly ctx: ServerContext,
    options: DuplicateLinkQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxWaiting = Math.max(1, options.maxWaiting ?? 10_000);
  }

  /** Queues the search of a message just registered. */
  add(row: MatchRow): void {
    if (this.waiting.length >= this.maxWaiting) {
      // Said once per run of drops, not once per message.
      if (this.dropped++ === 0) this.ctx.log.error('duplicate search falls behind registrations; messages stay on their own', { waiting: this.waiting.length });
      return;
    }
    this.dropped = 0;
    this.waiting.push(row);
    this.pump();
  }

  /** How many messages wait or are being searched. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Resolves once every message queued so far has been searched. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const row = this.waiting.shift()!;
      this.running++;
      // linkOnRegistration never throws: a failure is logged and the message stays on its own.
      void linkOnRegistration(this.ctx, row).finally(() => {
        this.running--;
        this.pump();
        if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }
}
