import { createHash, timingSafeEqual } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Hono } from 'hono';
import { z } from 'zod';
import { migrationsDir } from '../db/migrate.js';
import type { ServerContext } from '../engine/context.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { defineRoute, serve, type RouteSpec } from './route.js';

/** Options of the operations endpoints. */
export interface OperationsOptions {
  /** The metrics `/metrics` renders. */
  metrics: ServerMetrics;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

/** Compares two secrets in constant time (their hashes, so lengths do not show either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** The operations routes: health, readiness, metrics. */
export const operationsApi = {
  health: defineRoute({ method: 'get', path: '/healthz', summary: 'The process answers', answers: { 200: { description: 'ok', schema: z.object({ status: z.literal('ok') }) } } }),
  ready: defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'The database answers and every migration is applied',
    answers: { 200: { description: 'ready' }, 503: { description: 'not ready, with the reason' } },
  }),
  metrics: defineRoute({
    method: 'get',
    path: '/metrics',
    auth: 'metrics',
    summary: 'Prometheus metrics (a bearer token when PAYAM_METRICS_TOKEN is set)',
    answers: { 200: { description: 'Prometheus text format', media: 'text/plain' } },
  }),
} satisfies Record<string, RouteSpec>;

/**
 * `/healthz` (the process answers), `/readyz` (the database answers and every migration is
 * applied: 503 with the reason otherwise, so a proxy sends no traffic to it), and `/metrics`
 * (Prometheus text format).
 */
export function operationsRoutes(ctx: ServerContext, options: OperationsOptions): Hono {
  const app = new Hono();
  const expected = readdirSync(migrationsDir())
    .filter((name) => name.endsWith('.sql'))
    .sort();

  serve(app, operationsApi.health, (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }));

  serve(app, operationsApi.ready, async (c) => {
    c.header('cache-control', 'no-store');
    let applied: Set<string>;
    try {
      applied = new Set((await within(ctx.db.query<{ name: string }>('SELECT name FROM schema_migrations'), 5_000)).map((r) => r.name));
    } catch (error) {
      return c.json({ status: 'unavailable', database: 'unreachable', reason: (error as Error).message.slice(0, 200) }, 503);
    }
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length > 0) return c.json({ status: 'unavailable', database: 'ok', migrations: { applied: applied.size, pending } }, 503);
    return c.json({ status: 'ready', database: 'ok', migrations: { applied: applied.size, pending: [] } });
  });

  serve(app, operationsApi.metrics, async (c) => {
    if (options.metricsToken !== undefined && !sameSecret(c.req.header('authorization') ?? '', `Bearer ${options.metricsToken}`)) {
      return c.text('A metrics token is required (Authorization: Bearer).', 401, { 'www-authenticate': 'Bearer' });
    }
    return c.body(await options.metrics.registry.metrics(), 200, { 'content-type': options.metrics.registry.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
