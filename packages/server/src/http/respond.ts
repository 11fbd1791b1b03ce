import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '@payam/core';
import { toXml } from './xml.js';

/** The two formats of Open311 answers, chosen by the path's suffix. */
export type Format = 'json' | 'xml';

/** The format a path asks for: `.xml` → XML, anything else JSON. */
export function formatOf(path: string): Format {
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/** Sends `body` as JSON, or as XML under `root` (Open311's wrapper element). */
export function send(c: Context, format: Format, root: string, body: unknown, status: ContentfulStatusCode = 200): Response {
  if (format === 'xml') {
    return c.body(toXml(root, body), status, { 'content-type': 'text/xml; charset=utf-8' });
  }
  return c.json(body, status);
}

/** Sends an Open311 error body. */
export function sendErrors(c: Context, format: Format, status: number, errors: ApiError): Response {
  return send(c, format, 'errors', errors, status as ContentfulStatusCode);
}

/** Splits `name.json` / `name.xml` (a route parameter, already decoded) into the name and the format, or `null` for another suffix. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match) return null;
  return { name: match[1] ?? '', format: match[2] as Format };
}
