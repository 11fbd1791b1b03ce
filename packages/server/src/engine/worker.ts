import type { ServerContext } from './context.js';
import { DEADLINE_BATCH, drainDeadlines } from './deadlines.js';
import { devLog, feedBridge, type NotificationAdapters } from '../notify/adapters.js';
import { channelRegistry, pushChannel, smsChannel, type ChannelAdapter } from '../notify/channels.js';
import { OutboxSender, type OutboxOptions, type OutboxRun } from '../notify/outbox.js';

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
  outbox?: Pick<OutboxOptions, 'leaseMs' | 'maxAttempts' | 'onOutcome'>;
}

/** What one run did: deadlines fed back, and the outbox rows by what became of them. */
export interface WorkerRun extends OutboxRun {
  /** Deadlines that fell due and were fed back to their messages. */
  deadlines: number;
  /** Due deadlines whose transition failed (left for the next run). */
  deadlineFailures: number;
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
    if (this.options.intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.runOnce()
        .catch((error: unknown) => this.ctx.log.error('worker run failed', { kind: (error as Error).name }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Runs once: due deadlines first (they may add notifications), then the outbox. */
  runOnce(): Promise<WorkerRun> {
    this.running ??= (async () => {
      try {
        const { applied, failed } = await drainDeadlines(this.ctx, this.options.deadlineBatch);
        const run = { deadlines: applied, deadlineFailures: failed, ...(await this.outbox.drain()) };
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
