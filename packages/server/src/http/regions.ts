import { Hono } from 'hono';
import type { ServerContext } from '../engine/context.js';
import { schematicRegions, type SchematicRegions } from '../config/schematic-regions.js';
import { open311Api } from './open311-api.js';
import { serve } from './route.js';

let schematic: SchematicRegions | null = null;

/**
 * `GET /regions.geojson`: the city's region polygons from its settings, or, with none configured,
 * schematic district areas marked `schematic: true` (a map must say they are not boundaries).
 */
export function regionRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  serve(app, open311Api.regions, (c) => {
    const configured = ctx.catalog.settings.regions;
    const body = configured ? { ...configured, schematic: false } : (schematic ??= schematicRegions());
    c.header('content-type', 'application/geo+json; charset=utf-8');
    c.header('cache-control', 'public, max-age=300');
    return c.body(JSON.stringify(body));
  });
  return app;
}
