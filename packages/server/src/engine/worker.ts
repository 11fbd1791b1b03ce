import type { ServerContext } from './context.js';
import { DEADLINE_BATCH, drainDeadlines } from './deadlines.js';
import { devLog, feedBridge, type NotificationAdapters } from '../notify/adapters.js';
import { channelRegistry, pushChannel, smsChannel, type ChannelAdapter } from '../notify/channels.js';
import { OutboxSender, type OutboxOptions, type OutboxRun } from '../notify/outbox.js';
import type { PhotoStore } from '../photos/store.js';
import { searchLeftBehind } from '../duplicates/auto-link.js';
import type { DuplicateLinkQueue } from '../duplicates/link-queue.js';

/** How the worker runs. */
export interface WorkerOptions {
  /** Milliseconds between runs; 0 never runs by itself (tests call `runOnce`). */
  intervalMs: number;
  /** Delivery adapters; missing ones fall back to the development log and the public feed. */
  adapters: Partial<NotificationAdapters>;
  /** Citizen channel plug-ins (they take precedence over `adapters.sms` and `adapters.push`). */
  channels?: readonly ChannelAdapter[];
  /** Due deadlines claimed and applied per transaction (default {@link DEADLINE_BATCH}). */
  deadlineBatch?: number;
  /** Told of every run's outcome, or that it failed (metrics). */
  onRun?: (run: WorkerRun | { error: unknown }) => void;
  /** The outbox's lease, attempts before a dead letter, and outcome listener. */
  outbox?: Pick<OutboxOptions, 'leaseMs' | 'maxAttempts' | 'onOutcome' | 'appWebhooks'>;
  /** Removes photos never attached to a message once they are `keepUnattachedMs` old (looked for at most once a minute). */
  photoCleanup?: { store: PhotoStore; keepUnattachedMs: number };
  /** Queues again the duplicate search of messages left behind (looked for at most once a minute). */
  duplicateSearch?: DuplicateLinkQueue;
}

/** How often the worker looks for unattached photos and for duplicate searches left behind, by the server's clock. */
const HOUSEKEEPING_EVERY_MS = 60_000;
type HousekeepingTask = 'photos' | 'duplicates';

/** What one run did: deadlines fed back, and the outbox rows by what became of them. */
export interface WorkerRun extends OutboxRun {
  /** Deadlines that fell due and were fed back to their messages. */
  deadlines: number;
  /** Due deadlines whose transition failed (left for the next run). */
  deadlineFailures: number;
  /** Photos removed because they were never attached to a message. */
  photosRemoved: number;
  /** Messages whose duplicate search was left behind, queued again. */
  duplicateSearchesQueued: number;
}

/**
 * Drains due deadlines and the outbox. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any
 * number of server processes can share one PostgreSQL: each deadline fires once (a batch per
 * transaction, see {@link drainDeadlines}) and each
 * notification is handed to one sender at a time and delivered at least once (with its
 * idempotency key, for the gateway to drop repeats); see {@link OutboxSender}.
 */
export class Worker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WorkerRun> | null = null;
  private readonly outbox: OutboxSender;
  /** When each housekeeping task may look again (server clock, ms). */
  private readonly nextLook: Record<HousekeepingTask, number> = { photos: 0, duplicates: 0 };
  private started = false;
  /** When the next run is set for (`Date.now()` time). */
  private nextRunAt = Number.POSITIVE_INFINITY;
  /** The soonest announced due time not yet run for (server clock, ms). */
  private wakeFor = Number.POSITIVE_INFINITY;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: WorkerOptions,
  ) {
    const { adapters } = options;
    const plugins = [...(options.channels ?? [])];
    if (adapters.sms) plugins.push(smsChannel(adapters.sms));
    if (adapters.push) plugins.push(pushChannel(adapters.push));
    this.outbox = new OutboxSender(ctx, {
      ...options.outbox,
      channels: channelRegistry(plugins, ctx.log),
      adapters: {
        unit: adapters.unit ?? devLog(ctx.log).unit,
        participation: adapters.participation ?? feedBridge(() => ctx.address.url('/open311/v2/suggestions.json')),
      },
    });
  }

  /** Starts running every `intervalMs`. */
  start(): void {
    if (this.options.intervalMs <= 0 || this.started) return;
    this.started = true;
    this.schedule(this.options.intervalMs);
  }

  /**
   * Runs at `due` (by the server's clock) when that is sooner than the next regular run: a deadline
   * written to fall due soon, announced by another process or this one. Only a started worker wakes.
   * A run that finds the server's clock still short of `due` (a timer set from a stale loop time
   * fires early; the announced time is cut to milliseconds) looks again when it falls due.
   */
  wakeAt(due: Date): void {
    if (!this.started || Number.isNaN(due.getTime())) return;
    // The announced time is cut to whole milliseconds: the deadline may be due up to 1 ms later.
    const at = due.getTime() + 1;
    this.wakeFor = Math.min(this.wakeFor, at);
    const delay = Math.max(0, at - this.ctx.now().getTime());
    if (Date.now() + delay < this.nextRunAt) this.schedule(delay);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = Date.now() + delay;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.nextRunAt = Number.POSITIVE_INFINITY;
    // A wake-up during a run waits for it, then looks again: the run may have begun before the deadline was written.
    await this.running?.catch(() => undefined);
    const startedAt = this.ctx.now().getTime();
    await this.runOnce().catch((error: unknown) => this.ctx.log.error('worker run failed', { kind: (error as Error).name }));
    // Woken before an announced deadline fell due by the server's clock: look again then.
    if (this.wakeFor <= startedAt) this.wakeFor = Number.POSITIVE_INFINITY;
    const early = Math.max(0, this.wakeFor - this.ctx.now().getTime());
    if (this.started && !this.timer) this.schedule(Math.min(early, this.options.intervalMs));
  }

  /** Stops and waits for a run in progress. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Runs housekeeping task `task` when a minute has passed since its last look; 0 otherwise. */
  private async housekeeping(task: HousekeepingTask, look: ((now: number) => Promise<number>) | undefined): Promise<number> {
    const now = this.ctx.now().getTime();
    if (!look || now < this.nextLook[task]) return 0;
    this.nextLook[task] = now + HOUSEKEEPING_EVERY_MS;
    return look(now);
  }

  /**
   * Runs once: due deadlines first (they may add notifications), then the outbox, unattached
   * photos, and duplicate searches left behind.
   */
  runOnce(): Promise<WorkerRun> {
    this.running ??= (async () => {
      try {
        const { applied, failed } = await drainDeadlines(this.ctx, this.options.deadlineBatch);
        const { photoCleanup: cleanup, duplicateSearch: queue } = this.options;
        const run = {
          deadlines: applied,
          deadlineFailures: failed,
          ...(await this.outbox.drain()),
          // Photos never attached within their time; messages whose duplicate search was left behind.
          photosRemoved: await this.housekeeping('photos', cleanup && ((now) => cleanup.store.removeUnattached(this.ctx.db, new Date(now - cleanup.keepUnattachedMs)))),
          duplicateSearchesQueued: await this.housekeeping('duplicates', queue && (() => searchLeftBehind(this.ctx, queue))),
        };
        this.options.onRun?.(run);
        return run;
      } catch (error) {
        this.options.onRun?.({ error });
        throw error;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
