import { Hono } from 'hono';
import type { ServerContext } from '../engine/context.js';
import { DraftRefused, similarToDraft } from '../duplicates/similar-draft.js';
import { text } from './i18n.js';
import { nearbyApi } from './nearby-api.js';
import { problem } from './problems.js';
import type { RateLimits } from './rate-limits.js';
import { serve } from './route.js';

/**
 * `GET /open311/v2/requests/similar.json`: the open public messages like a draft, for the report
 * form's "similar messages nearby". Public (no API key), rate limited as a lookup. Mounted before
 * the Open311 routes, whose `requests/{id}` would take `similar` for a tracking id.
 */
export function nearbyRoutes(ctx: ServerContext, limits: RateLimits): Hono {
  const app = new Hono();
  serve(
    app,
    nearbyApi.similar,
    async (c, { query, lang }) => {
      try {
        const found = await similarToDraft(
          ctx,
          { system: query.jurisdiction_id, serviceCode: query.service_code ?? null, description: query.description, lat: query.lat ?? null, long: query.long ?? null, region: query.region ?? null },
          lang,
        );
        return c.json(found);
      } catch (error) {
        if (!(error instanceof DraftRefused)) throw error;
        if (error.reason === 'systemConfidential') throw problem(400, text(lang, 'similarConfidential'), { field: 'jurisdiction_id' });
        throw problem(404, text(lang, error.reason), { field: error.reason === 'systemUnknown' ? 'jurisdiction_id' : 'service_code' });
      }
    },
    {
      before: [
        async (c, next) => {
          await limits.spendForAddress(c, 'lookupsPerAddress');
          await next();
        },
      ],
    },
  );
  return app;
}
