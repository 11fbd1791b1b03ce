import type { Context } from 'hono';
import type { Language } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { Credentials } from './credentials.js';
import { text } from './i18n.js';
import { problem } from './problems.js';

/**
 * The hash of a request's valid API key (the `api_key` field or query parameter, or the
 * `X-Api-Key` header), or a 403 naming what is wrong. Only the hash is kept anywhere.
 */
export async function requireApiKey(c: Context, apiKeys: Credentials['apiKeys'], lang: Language, fields: Record<string, unknown> = {}): Promise<string> {
  const apiKey = (typeof fields.api_key === 'string' && fields.api_key) || c.req.header('x-api-key') || c.req.query('api_key') || '';
  if (!apiKey) throw problem(403, text(lang, 'apiKeyMissing'), { field: 'api_key' });
  const hash = sha256(apiKey);
  if (!apiKeys.remembered(hash) && !(await apiKeys.find(hash))) throw problem(403, text(lang, 'apiKeyInvalid'), { field: 'api_key' });
  return hash;
}
