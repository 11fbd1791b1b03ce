import { Hono } from 'hono';
import { localized } from './views.js';
import type { FrequencyStats, SuggestionFeed } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { publicOnlySql } from '../access/index.js';
import { send } from './respond.js';
import { open311Api } from './open311-api.js';
import { serve } from './route.js';

const DAY_MS = 86_400_000;

/** Public aggregates: frequency statistics for the map and the suggestions feed. */
export function publicDataRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  serve(app, open311Api.frequency, async (c, { query: q, format }) => {
    const to = q.to ? new Date(q.to) : ctx.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * DAY_MS);
    const params: (string | number)[] = [q.bucket, ctx.catalog.settings.calendar.timeZone, from.toISOString(), to.toISOString()];
    const bind = (value: string) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [publicOnlySql(ctx.catalog, 'messages', bind), 'registered_at >= $3::timestamptz', 'registered_at < $4::timestamptz'];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('system', q.jurisdiction_id);
    add('service_code', q.service_code);
    add('region', q.region);
    const rows = await ctx.db.query<{ region: string | null; service_code: string | null; period: string; count: number }>(
      `SELECT region, service_code, to_char(date_trunc($1, registered_at AT TIME ZONE $2), 'YYYY-MM-DD') AS period, count(*)::int AS count
       FROM messages WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3 ORDER BY 3, 1, 2 LIMIT 100000`,
      params,
    );
    const body: FrequencyStats = { from: from.toISOString(), to: to.toISOString(), bucket: q.bucket, rows };
    return send(c, format, 'frequency', body);
  });

  serve(app, open311Api.suggestions, async (c, { format, lang }) => {
    const params: string[] = [];
    const bind = (value: string) => {
      params.push(value);
      return `$${params.length}`;
    };
    const rows = await ctx.db.query<{
      id: string;
      service_code: string | null;
      description: string;
      region: string | null;
      registered_at: unknown;
      suggestion_published_at: unknown;
      suggestion_url: string | null;
    }>(
      `SELECT id, service_code, description, region, registered_at, suggestion_published_at, suggestion_url FROM messages
       WHERE suggestion_published_at IS NOT NULL AND ${publicOnlySql(ctx.catalog, 'messages', bind)} ORDER BY suggestion_published_at DESC, id DESC LIMIT 500`,
      params,
    );
    const feed: SuggestionFeed = rows.map((r) => {
      const service = r.service_code ? ctx.catalog.services.get(r.service_code) : undefined;
      return {
        service_request_id: r.id,
        service_code: r.service_code,
        service_name: service ? localized(service.name, lang) : null,
        description: r.description,
        region: r.region,
        requested_datetime: toIso(r.registered_at),
        published_datetime: r.suggestion_published_at ? toIso(r.suggestion_published_at) : null,
        url: r.suggestion_url,
      };
    });
    return send(c, format, 'suggestions', feed);
  });
  return app;
}
