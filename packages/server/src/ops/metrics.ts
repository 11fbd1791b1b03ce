import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServerContext } from '../engine/context.js';
import type { WorkerRun } from '../engine/worker.js';

/**
 * The server's Prometheus metrics (`prom-client`): requests by route and status with their
 * latency, the outbox's backlog (and its oldest row's wait), dead letters and deliveries by
 * channel and result, deadlines due (and how late the oldest is) and fed back, worker failures,
 * the database pool's use, and Node's own process metrics. Counts only: never a citizen's data.
 */
export class ServerMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly deliveries: Counter<'kind' | 'channel' | 'result'>;
  private readonly deadlines: Counter<'result'>;
  private readonly workerFailures: Counter;

  constructor(ctx: Pick<ServerContext, 'db' | 'now'>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'payam_' });
    this.requests = new Counter({ name: 'payam_http_requests_total', help: 'HTTP requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers });
    this.latency = new Histogram({
      name: 'payam_http_request_duration_seconds',
      help: 'HTTP request latency by method and route.',
      labelNames: ['method', 'route'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.deliveries = new Counter({ name: 'payam_outbox_deliveries_total', help: 'Outbox deliveries by kind, channel and result (delivered, skipped, failed, given_up).', labelNames: ['kind', 'channel', 'result'], registers });
    this.deadlines = new Counter({ name: 'payam_deadlines_total', help: 'Due deadlines the worker of this process fed back to their messages (applied), or whose transition failed and waits for the next run (failed).', labelNames: ['result'], registers });
    this.workerFailures = new Counter({ name: 'payam_worker_run_failures_total', help: 'Worker runs that stopped on an error (the database unreachable, most often); the next run tries again.', registers });
    /** A gauge whose value is a count the database gives at each scrape. */
    const countGauge = (name: string, help: string, sql: string, params: () => string[] = () => []) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const [row] = await ctx.db.query<{ n: number }>(sql, params());
          this.set(row?.n ?? 0);
        },
      });
    countGauge('payam_outbox_pending', 'Outbox rows not sent yet and not given up (due now or waiting for a retry).', "SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND next_attempt_at <> 'infinity'");
    countGauge('payam_outbox_dead_letters', 'Outbox rows given up after too many attempts (see /staff/v1/outbox/dead-letters).', 'SELECT count(*)::int AS n FROM outbox WHERE given_up_at IS NOT NULL AND sent_at IS NULL');
    countGauge(
      'payam_outbox_oldest_pending_seconds',
      'How long the oldest outbox row due now has waited to be sent (0: none waiting); a growing value means senders fall behind.',
      "SELECT COALESCE(EXTRACT(EPOCH FROM ($1::timestamptz - min(next_attempt_at))), 0)::float8 AS n FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1::timestamptz",
      () => [ctx.now().toISOString()],
    );
    countGauge(
      'payam_deadlines_oldest_due_seconds',
      'How long past due the oldest deadline not yet fed back is (0: none); a growing value means the workers fall behind.',
      'SELECT COALESCE(EXTRACT(EPOCH FROM ($1::timestamptz - min(due_at))), 0)::float8 AS n FROM deadlines WHERE due_at <= $1::timestamptz',
      () => [ctx.now().toISOString()],
    );
    countGauge('payam_deadlines_due', 'Deadlines past due and not yet fed back to their messages.', 'SELECT count(*)::int AS n FROM deadlines WHERE due_at <= $1::timestamptz', () => [ctx.now().toISOString()]);
    new Gauge({
      name: 'payam_db_pool_connections',
      help: 'The PostgreSQL connection pool: connections open (total), idle, queries waiting, and the most it opens (max).',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = ctx.db.pool?.();
        if (!pool) return;
        for (const [state, value] of Object.entries(pool)) this.set({ state }, value);
      },
    });
  }

  /** Counts and times every request by its route pattern (`/open311/v2/requests/:id`), never its concrete path. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const handler = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1);
      const route = handler?.path ?? (c.res.status === 404 ? 'unmatched' : 'other');
      this.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      this.latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    }
  };

  /** Counts what a worker run did with due deadlines, or that it failed. */
  workerRun(run: WorkerRun | { error: unknown }): void {
    if ('error' in run) {
      this.workerFailures.inc();
      return;
    }
    if (run.deadlines > 0) this.deadlines.inc({ result: 'applied' }, run.deadlines);
    if (run.deadlineFailures > 0) this.deadlines.inc({ result: 'failed' }, run.deadlineFailures);
  }

  /** Counts an outbox delivery's result. */
  delivery(outcome: { kind: string; channel: string; result: string }): void {
    this.deliveries.inc(outcome);
  }
}
