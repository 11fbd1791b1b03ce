import type { Context } from 'hono';
import type { Language } from '@payam/core';
import { problem } from './problems.js';
import { text } from './i18n.js';

/** The fields of a request body: strings from a form, any JSON value from JSON. */
export type BodyFields = Record<string, unknown>;

/** Bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses an `application/x-www-form-urlencoded` body the way Open311 clients send it:
 * `attribute[code]=v` becomes `{ attribute: { code: 'v' } }`, `attribute[code][]=v` a list.
 */
export function parseForm(raw: string): BodyFields {
  const fields: BodyFields = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const match = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (match) {
      const code = match[1] ?? '';
      if (match[2]) {
        const list = attributes[code];
        attributes[code] = Array.isArray(list) ? [...list, value] : list === undefined ? [value] : [list, value];
      } else {
        attributes[code] = value;
      }
      continue;
    }
    if (!(key in fields)) fields[key] = value;
  }
  if (Object.keys(attributes).length > 0) fields.attribute = attributes;
  return fields;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text can be stored: no NUL character, no lone UTF-16 surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

function assertStorable(value: unknown, lang: Language, field: string, depth = 0): void {
  if (depth > 20) throw problem(400, text(lang, 'badForm'));
  if (typeof value === 'string') {
    if (!isStorableText(value)) throw problem(400, text(lang, 'badCharacters'), field ? { field } : {});
  } else if (Array.isArray(value)) {
    for (const item of value) assertStorable(item, lang, field, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const path = field ? `${field}[${key}]` : key;
      assertStorable(key, lang, field, depth + 1);
      assertStorable(item, lang, path, depth + 1);
    }
  }
}

/** Bodies already read, by request: the API-key check and the validation share one reading. */
const readBodies = new WeakMap<Request, BodyFields>();

/**
 * Reads a JSON or form body into fields, refusing what it cannot read or store with a 4xx. A
 * request's body is parsed and checked once; later calls get the same fields.
 */
export async function readBody(c: Context, lang: Language): Promise<BodyFields> {
  const known = readBodies.get(c.req.raw);
  if (known) return known;
  const fields = await readFields(c, lang);
  assertStorable(fields, lang, '');
  readBodies.set(c.req.raw, fields);
  return fields;
}

async function readFields(c: Context, lang: Language): Promise<BodyFields> {
  // A declared length over the limit never gets here: the app's body-limit middleware answers 413.
  let raw: string;
  try {
    raw = await c.req.text();
  } catch {
    throw problem(400, text(lang, 'badForm'));
  }
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw problem(413, text(lang, 'bodyTooLarge'));
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    if (raw.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw problem(400, text(lang, 'badJson'));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem(400, text(lang, 'badJson'));
    return parsed as BodyFields;
  }
  if (type === 'application/x-www-form-urlencoded' || (type === '' && raw.trim() === '')) return parseForm(raw);
  if (type === '' || type === 'text/plain') {
    // Some clients send a form without a content type.
    if (raw.trim().startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as BodyFields;
      } catch {
        throw problem(400, text(lang, 'badJson'));
      }
    }
    return parseForm(raw);
  }
  throw problem(415, text(lang, 'badContentType'));
}
