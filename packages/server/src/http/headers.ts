import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Who may show the server's pages in a frame when nothing else is configured: the server's own pages. */
export const DEFAULT_FRAME_ANCESTORS: readonly string[] = ["'self'"];

/**
 * Reads a `frame-ancestors` source list (`'self' https://www.tehran.ir`, `'none'`): keywords and
 * origins separated by spaces; throws on anything that could end the directive or smuggle another.
 */
export function parseFrameAncestors(value: string): string[] {
  const sources = value.split(/\s+/).filter(Boolean);
  if (sources.length === 0) throw new Error('PAYAM_FRAME_ANCESTORS needs at least one source, such as \'self\' or https://www.tehran.ir.');
  for (const source of sources) {
    const keyword = source === "'self'" || source === "'none'";
    const origin = /^(https?:\/\/)?(\*\.)?[A-Za-z0-9.-]+(:(\d+|\*))?$|^https?:$/.test(source);
    if (!keyword && !origin) throw new Error(`"${source}" is not a frame-ancestors source: use 'self', 'none', or an origin such as https://www.tehran.ir.`);
  }
  if (sources.includes("'none'") && sources.length > 1) throw new Error("'none' cannot be combined with other frame-ancestors sources.");
  return sources;
}

/**
 * On every answer: `X-Content-Type-Options: nosniff` (a browser never runs an answer as another
 * type than it says) and `Referrer-Policy: no-referrer` (links carry citizen tokens). Hono's
 * secure-headers middleware, with every other header it knows left to the deployment (HSTS
 * belongs to the TLS proxy; a cross-origin resource policy would stop other sites loading the
 * widget bundle).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

const INLINE = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The Content-Security-Policy of a page the server serves (the example page, the widget bundle):
 * scripts, styles, fonts and images from the server itself, the page's own inline `<script>` and
 * `<style>` blocks by their hashes (so nothing injected later runs), API calls to the server
 * itself, no plug-ins, no `<base>`, forms posting only here, and framed only by `frameAncestors`.
 *
 * @param html the page (its inline blocks are allowed by hash); empty for anything that is not a page
 */
export function pagePolicy(html: string, frameAncestors: readonly string[]): string {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const [, tag, attributes, body] of html.matchAll(INLINE)) {
    if (tag?.toLowerCase() === 'script' && /\bsrc\s*=/i.test(attributes ?? '')) continue;
    (tag?.toLowerCase() === 'script' ? scripts : styles).add(hashOf(body ?? ''));
  }
  return [
    "default-src 'none'",
    `script-src 'self'${[...scripts].map((h) => ` ${h}`).join('')}`,
    `style-src 'self'${[...styles].map((h) => ` ${h}`).join('')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}
