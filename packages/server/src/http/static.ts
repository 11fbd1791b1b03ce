import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { parseTrackingLink } from '@payam/core';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
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
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** A name that holds its content's hash (`payam-widgets.3f9a1c0b7d2e.js`): its bytes never change. */
const VERSIONED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;
/** A year, immutable: the name changes when the content does. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Five minutes, then revalidate with the ETag: the unversioned name moves to each new build. */
export const SHORT_CACHE = 'public, max-age=300, must-revalidate';

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

/** The file `relative` names inside `root`, or `null` (missing, a folder, or outside `root`). */
function fileIn(root: string, relative: string): string | null {
  const base = resolve(root);
  const path = normalize(join(base, relative));
  if (path !== base && !path.startsWith(base + sep)) return null;
  return existsSync(path) && statSync(path).isFile() ? path : null;
}

/**
 * Reads one public API address (`/open311/v2/…`) as the page's visitor would, in `lang`; the
 * answer's JSON text, or `null` when it is not a success (unknown, private, limited).
 */
export type PageRead = (c: Context, path: string, lang: string) => Promise<string | null>;

/** The message a page's address opens (a tracking link), as the address the tracker reads. */
function firstReadOf(url: string): string | null {
  const link = parseTrackingLink(url);
  return link ? `/open311/v2/requests/${encodeURIComponent(link.messageId)}.json?extensions=true` : null;
}

/** JSON text safe inside a `<script>` element: no `<`, `>` or `&` that could end or open a tag. */
const scriptSafe = (json: string) => json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The example page, opened from a tracking link: the message's public answer is written into the
 * page (`<script type="application/json" data-payam-answer>`, read by `@payam/client`), so the
 * tracker shows the status without one more round trip. The token stays in the fragment, which
 * never reaches the server: a private message is not written (its read needs the token) and the
 * tracker reads it itself. Such a page is not stored by caches (the status changes).
 */
async function withFirstAnswer(c: Context, page: Response, read: PageRead | undefined, frameAncestors: readonly string[]): Promise<Response> {
  const path = read && page.headers.get('content-type')?.startsWith('text/html') ? firstReadOf(c.req.url) : null;
  if (!path || !read) return page;
  const html = await page.text();
  const lang = /<html\b[^>]*\blang="([a-z]{2})"/i.exec(html)?.[1] ?? 'fa';
  const answer = await read(c, path, lang);
  const headers = new Headers(page.headers);
  headers.set('cache-control', 'no-store');
  if (answer === null) return new Response(html, { status: page.status, headers });
  const element = `<script type="application/json" data-payam-answer="${path}" lang="${lang}">${scriptSafe(answer)}</script>\n`;
  // In the head when the page has one written out, else at its end (read once the page is parsed).
  const filled = /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${element}</head>`) : `${html}\n${element}`;
  headers.set('content-security-policy', pagePolicy(filled, frameAncestors));
  return new Response(filled, { status: page.status, headers });
}

const typeOf = (path: string) => TYPES[extname(path)] ?? 'application/octet-stream';

/** A page or one of its files, with the Content-Security-Policy a page of ours gets. */
function serveFile(root: string, relative: string, frameAncestors: readonly string[]): Response | null {
  const path = fileIn(root, relative);
  if (!path) return null;
  const bytes = readFileSync(path);
  const type = typeOf(path);
  const policy = pagePolicy(type.startsWith('text/html') ? bytes.toString('utf8') : '', frameAncestors);
  return new Response(bytes, { headers: { 'content-type': type, 'content-security-policy': policy } });
}

/**
 * A widget asset as any site may embed it: readable from every origin (a module script is fetched
 * in CORS mode, and `integrity` needs it), cached for a year under a versioned name and briefly
 * under the unversioned one, with an ETag so a revalidation costs no body.
 */
function serveAsset(root: string, relative: string, ifNoneMatch: string | undefined): Response | null {
  const path = fileIn(root, relative);
  if (!path) return null;
  const headers = new Headers({ 'content-type': typeOf(path) });
  headers.set('access-control-allow-origin', '*');
  headers.set('cross-origin-resource-policy', 'cross-origin');
  headers.set('cache-control', VERSIONED.test(relative) ? IMMUTABLE_CACHE : SHORT_CACHE);
  const body = readFileSync(path);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  headers.set('etag', etag);
  // If-None-Match compares weakly (RFC 9110): the tag may come back as W/"…" once compression made it weak.
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
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
 * `GET /` (the example page, with its files), `GET /widgets/*` (the widget bundles, embeddable
 * from any origin: see {@link serveAsset}) and `GET /fonts/vazirmatn/*` (the Persian web font the
 * example page uses, `index.css` and its files).
 */
export function staticRoutes(options: StaticOptions, read?: PageRead): Hono {
  const examples = options.examplesDir ?? join(repoRoot(), 'examples');
  const widgets = options.widgetsDir ?? join(repoRoot(), 'packages', 'widgets', 'dist', 'cdn');
  const frameAncestors = options.frameAncestors ?? DEFAULT_FRAME_ANCESTORS;
  const app = new Hono();
  // Whatever answers here without a policy of its own (the "build needed" page, a 404) gets the strictest.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', pagePolicy('', frameAncestors));
  });
  // The page and the bundles go gzip-compressed to browsers that accept it (the single-file
  // bundle shrinks about 3×: on a phone's network that is most of the wait before the widgets show).
  const gzip = compress();
  app.get('/', gzip, async (c) => {
    const page = serveFile(examples, 'index.html', frameAncestors);
    return page ? withFirstAnswer(c, page, read, frameAncestors) : c.html(NOT_BUILT('example page'), 200);
  });
  app.get('/widgets/*', gzip, (c) => {
    const relative = safeDecode(c.req.path.slice('/widgets/'.length));
    const file = serveAsset(widgets, relative, c.req.header('if-none-match'));
    if (file) return file;
    if (!existsSync(widgets)) return c.html(NOT_BUILT('widget bundle'), 404);
    return c.text('Not found', 404);
  });
  const fonts = vazirmatnDir();
  app.get('/fonts/vazirmatn/*', (c) => (fonts ? serveFile(fonts, safeDecode(c.req.path.slice('/fonts/vazirmatn/'.length)), frameAncestors) : null) ?? c.text('Not found', 404));
  app.get('/examples/*', gzip, (c) => serveFile(examples, safeDecode(c.req.path.slice('/examples/'.length)), frameAncestors) ?? c.text('Not found', 404));
  return app;
}
