import { Hono } from 'hono';
import { localized } from './views.js';
import type { FrequencyStats, SuggestionFeed } from '@payam/core';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { publicOnlySql } from '../access/index.js';
import { StatisticsQueryError, frequencyStats } from '../stats/frequency.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import { send } from './respond.js';
import { open311Api } from './open311-api.js';
import { serve } from './route.js';

/** Public aggregates: frequency statistics for the map and the suggestions feed. */
export function publicDataRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  serve(app, open311Api.frequency, async (c, { query, format, lang }) => {
    try {
      return send(c, format, 'frequency', await frequencyStats(ctx, query));
    } catch (error) {
      if (error instanceof StatisticsQueryError) throw problem(400, text(lang, error.reason), { field: error.field });
      throw error;
    }
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
