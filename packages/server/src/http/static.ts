import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { repoRoot } from '../paths.js';
import { DEFAULT_FRAME_ANCESTORS, pagePolicy } from './headers.js';

/** Where the example page and the widget bundles are. */
export interface StaticOptions {
  /** The folder holding `index.html` (default `<repo>/examples`). */
  examplesDir?: string;
  /** The widgets' single-file bundle folder (default `<repo>/packages/widgets/dist/cdn`). */
  widgetsDir?: string;
  /** Who may frame the pages (`frame-ancestors` sources; default `'self'`). */
  frameAncestors?: readonly string[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.geojson': 'application/geo+json',
};

const NOT_BUILT = (what: string) => `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Payam: build needed</title></head>
<body><main><h1>Payam</h1><p>The ${what} is not built yet. Run <code>pnpm build</code> at the repository root, then reload this page.</p>
<p>The API is running: <a href="/open311/v2/services.json">/open311/v2/services.json</a>, <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`;

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function serveFile(root: string, relative: string, frameAncestors: readonly string[]): Response | null {
  const base = resolve(root);
  const path = normalize(join(base, relative));
  if (path !== base && !path.startsWith(base + sep)) return null;
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  const bytes = readFileSync(path);
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const policy = pagePolicy(type.startsWith('text/html') ? bytes.toString('utf8') : '', frameAncestors);
  return new Response(bytes, { headers: { 'content-type': type, 'content-security-policy': policy } });
}

/** `GET /` (the example page, with its files) and `GET /widgets/*` (the widget bundles). */
export function staticRoutes(options: StaticOptions): Hono {
  const examples = options.examplesDir ?? join(repoRoot(), 'examples');
  const widgets = options.widgetsDir ?? join(repoRoot(), 'packages', 'widgets', 'dist', 'cdn');
  const frameAncestors = options.frameAncestors ?? DEFAULT_FRAME_ANCESTORS;
  const app = new Hono();
  // Whatever answers here without a policy of its own (the "build needed" page, a 404) gets the strictest.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', pagePolicy('', frameAncestors));
  });
  app.get('/', (c) => serveFile(examples, 'index.html', frameAncestors) ?? c.html(NOT_BUILT('example page'), 200));
  app.get('/widgets/*', (c) => {
    const relative = safeDecode(c.req.path.slice('/widgets/'.length));
    const file = serveFile(widgets, relative, frameAncestors);
    if (file) return file;
    if (!existsSync(widgets)) return c.html(NOT_BUILT('widget bundle'), 404);
    return c.text('Not found', 404);
  });
  app.get('/examples/*', (c) => serveFile(examples, safeDecode(c.req.path.slice('/examples/'.length)), frameAncestors) ?? c.text('Not found', 404));
  return app;
}
