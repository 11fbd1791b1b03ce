import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
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
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
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

/** The folder of the optional Persian web font (Vazirmatn, SIL OFL), or `null` when it is not installed. */
function vazirmatnDir(): string | null {
  try {
    return join(createRequire(import.meta.url).resolve('@fontsource/vazirmatn/index.css'), '..');
  } catch {
    return null;
  }
}

/**
 * `GET /` (the example page, with its files), `GET /widgets/*` (the widget bundles) and
 * `GET /fonts/vazirmatn/*` (the Persian web font the example page uses, `index.css` and its files).
 */
export function staticRoutes(options: StaticOptions): Hono {
  const examples = options.examplesDir ?? join(repoRoot(), 'examples');
  const widgets = options.widgetsDir ?? join(repoRoot(), 'packages', 'widgets', 'dist', 'cdn');
  const app = new Hono();
  app.get('/', (c) => serveFile(examples, 'index.html') ?? c.html(NOT_BUILT('example page'), 200));
  app.get('/widgets/*', (c) => {
    const relative = safeDecode(c.req.path.slice('/widgets/'.length));
    const file = serveFile(widgets, relative);
    if (file) return file;
    if (!existsSync(widgets)) return c.html(NOT_BUILT('widget bundle'), 404);
    return c.text('Not found', 404);
  });
  const fonts = vazirmatnDir();
  app.get('/fonts/vazirmatn/*', (c) => (fonts ? serveFile(fonts, safeDecode(c.req.path.slice('/fonts/vazirmatn/'.length))) : null) ?? c.text('Not found', 404));
  app.get('/examples/*', (c) => serveFile(examples, safeDecode(c.req.path.slice('/examples/'.length))) ?? c.text('Not found', 404));
  return app;
}
