import type { Context } from 'hono';
import type { Language } from '@payam/core';
import { holdsToken, publicMayRead } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { text } from './i18n.js';
import { problem } from './problems.js';

/** The citizen token of a request: the `X-Citizen-Token` header, or the body's `citizen_token`. */
export function citizenTokenOf(c: Context, fields: Record<string, unknown> = {}): string {
  return c.req.header('x-citizen-token') ?? (typeof fields.citizen_token === 'string' ? fields.citizen_token : '');
}

/**
 * Checks that `token` is the citizen token of message `id`: a message the caller may not read
 * answers 404 as a nonexistent one; a readable one with a missing or wrong token 403.
 */
export async function requireCitizen(ctx: ServerContext, id: string, token: string, lang: Language): Promise<void> {
  const [row] = await ctx.db.query<{ citizen_token_hash: string; private: boolean; system: string; service_code: string | null }>(
    'SELECT citizen_token_hash, private, system, service_code FROM messages WHERE id = $1',
    [id],
  );
  if (!row || !publicMayRead(ctx.catalog, { system: row.system, serviceCode: row.service_code, private: row.private, citizenTokenHash: row.citizen_token_hash }, token)) {
    throw problem(404, text(lang, 'requestNotFound'));
  }
  if (!holdsToken(token, row.citizen_token_hash)) throw problem(403, text(lang, token ? 'tokenWrong' : 'tokenMissing'), { field: 'citizen_token' });
}

