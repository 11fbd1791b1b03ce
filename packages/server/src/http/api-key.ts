import type { Context } from 'hono';
import type { Language } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { Credentials } from './credentials.js';
import { text } from './i18n.js';
import { problem } from './problems.js';

/** Where a request may carry its API key besides the `api_key` field and the `X-Api-Key` header. */
export interface ApiKeyPlaces {
  /** The `api_key` query parameter too (default true; a registration takes it only in its body or header, as Open311 says). */
  query?: boolean;
}

/**
 * A request's valid API key and its hash (the `api_key` field, the `X-Api-Key` header, or the
 * query parameter unless `places` says not), or a 403 naming what is wrong. Only the hash is kept
 * anywhere; the key itself only for what is derived from it at once (an idempotent citizen token).
 */
export async function checkedApiKey(
  c: Context,
  apiKeys: Credentials['apiKeys'],
  lang: Language,
  fields: Record<string, unknown> = {},
  places: ApiKeyPlaces = {},
): Promise<{ key: string; hash: string }> {
  const key = (typeof fields.api_key === 'string' && fields.api_key) || c.req.header('x-api-key') || (places.query !== false && c.req.query('api_key')) || '';
  if (!key) throw problem(403, text(lang, 'apiKeyMissing'), { field: 'api_key' });
  const hash = sha256(key);
  if (!apiKeys.remembered(hash) && !(await apiKeys.find(hash))) throw problem(403, text(lang, 'apiKeyInvalid'), { field: 'api_key' });
  return { key, hash };
}

/** The hash of a request's valid API key (see {@link checkedApiKey}), or a 403 naming what is wrong. */
export async function requireApiKey(c: Context, apiKeys: Credentials['apiKeys'], lang: Language, fields: Record<string, unknown> = {}): Promise<string> {
  return (await checkedApiKey(c, apiKeys, lang, fields)).hash;
}
