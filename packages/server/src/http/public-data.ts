import { Hono } from 'hono';
import { z } from 'zod';
import { localized } from './views.js';
import type { FrequencyStats, SuggestionFeed } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { publicOnlySql } from '../access/index.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import { send, type Format } from './respond.js';

const DAY_MS = 86_400_000;

const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/)
  .refine((v) => !Number.isNaN(Date.parse(v)));

/** Query of GET /stats/frequency.json. */
export const frequencyQuerySchema = z.object({
  from: dateParam.optional(),
  to: dateParam.optional(),
  bucket: z.enum(['day', 'week', 'month']).default('day'),
  jurisdiction_id: z.string().max(32).optional(),
  service_code: z.string().max(64).optional(),
  region: z.string().max(64).optional(),
});

/** Public aggregates: frequency statistics for the map and the suggestions feed. */
export function publicDataRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  for (const format of ['json', 'xml'] as Format[]) {
    app.get(`/stats/frequency.${format}`, async (c) => {
      const lang = languageOf(c);
      const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
      const parsed = frequencyQuerySchema.safeParse(raw);
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? '');
        throw problem(400, text(lang, field === 'from' || field === 'to' ? 'badDate' : 'badQuery'), { field });
      }
      const q = parsed.data;
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

    app.get(`/suggestions.${format}`, async (c) => {
      const lang = languageOf(c);
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
  }
  return app;
}
