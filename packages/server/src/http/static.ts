import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { repoRoot } from '../paths.js';

/** Where the example page and the widget bundles are. */
export interface StaticOptions {
  /** The folder holding `index.html` (default `<repo>/examples`). */
  examplesDir?: string;
  /** The widgets' single-file bundle folder (default `<repo>/packages/widgets/dist/cdn`). */
  widgetsDir?: string;
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

function serveFile(root: string, relative: string): Response | null {
  const base = resolve(root);
  const path = normalize(join(base, relative));
  if (path !== base && !path.startsWith(base + sep)) return null;
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  return new Response(readFileSync(path), { headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' } });
}

/** `GET /` (the example page, with its files) and `GET /widgets/*` (the widget bundles). */
export function staticRoutes(options: StaticOptions): Hono {
  const examples = options.examplesDir ?? join(repoRoot(), 'examples');
  const widgets = options.widgetsDir ?? join(repoRoot(), 'packages', 'widgets', 'dist', 'cdn');
  const app = new Hono();
  // The page and the bundles go gzip-compressed to browsers that accept it (the single-file
  // bundle shrinks about 3×: on a phone's network that is most of the wait before the widgets show).
  const gzip = compress();
  app.get('/', gzip, (c) => serveFile(examples, 'index.html') ?? c.html(NOT_BUILT('example page'), 200));
  app.get('/widgets/*', gzip, (c) => {
    const relative = safeDecode(c.req.path.slice('/widgets/'.length));
    const file = serveFile(widgets, relative);
    // A municipal page on another origin loads the bundle as a module script, which needs CORS.
    file?.headers.set('access-control-allow-origin', '*');
    if (file) return file;
    if (!existsSync(widgets)) return c.html(NOT_BUILT('widget bundle'), 404);
    return c.text('Not found', 404);
  });
  app.get('/examples/*', gzip, (c) => serveFile(examples, safeDecode(c.req.path.slice('/examples/'.length))) ?? c.text('Not found', 404));
  return app;
}
