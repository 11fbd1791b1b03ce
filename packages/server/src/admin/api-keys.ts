import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { plainTextSchema } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import { configurationChanged } from '../config/catalog-watch.js';
import { toIso } from '../engine/context.js';
import { adminTransaction, recordAudit, type AdminContext } from './audit.js';
import { AdminRefusal, parseInput } from './refusal.js';

/** What creating an API key takes: a name that says whose it is (an app, a district's site). */
export const apiKeyCreateSchema = z.strictObject({ name: plainTextSchema().check(z.minLength(1), z.maxLength(200)) });

/** An API key as listed: never its secret. */
export interface ApiKeyView {
  /** Its id (to revoke it). */
  id: string;
  /** Whose it is. */
  name: string;
  /** When it was made. */
  createdAt: string;
  /** When it was revoked, or `null` while it works. */
  revokedAt: string | null;
}

/** A new API key: its secret is shown this once and never stored. */
export interface NewApiKey extends ApiKeyView {
  /** The key itself, for the app's `api_key`. */
  secret: string;
}

interface ApiKeyRow {
  id: string;
  name: string;
  created_at: unknown;
  revoked_at: unknown;
}

const view = (r: ApiKeyRow): ApiKeyView => ({ id: r.id, name: r.name, createdAt: toIso(r.created_at), revokedAt: r.revoked_at === null ? null : toIso(r.revoked_at) });

/** Creates an API key; the secret is in the answer only. */
export async function createApiKey(context: AdminContext, input: unknown): Promise<NewApiKey> {
  const { name } = parseInput(apiKeyCreateSchema, input);
  const secret = `pk_${randomBytes(24).toString('base64url')}`;
  const id = `key-${randomBytes(8).toString('hex')}`;
  const at = context.now().toISOString();
  const created = await adminTransaction(context, async (tx) => {
    const [row] = await tx.query<ApiKeyRow>('INSERT INTO api_keys (key_hash, name, id, created_at) VALUES ($1, $2, $3, $4) RETURNING id, name, created_at, revoked_at', [
      sha256(secret),
      name,
      id,
      at,
    ]);
    const key = view(row!);
    await recordAudit(tx, context, { action: 'apiKey.create', target: id, before: null, after: key });
    return key;
  });
  return { ...created, secret };
}

/** Every API key, the working ones first, newest first. */
export async function listApiKeys(context: Pick<AdminContext, 'db'>): Promise<ApiKeyView[]> {
  const rows = await context.db.query<ApiKeyRow>('SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC, id');
  return rows.map(view);
}

/**
 * Revokes an API key: it stops working in this process at once and in every other within the
 * configuration check (a second), whatever their credential caches remember.
 */
export async function revokeApiKey(context: AdminContext, id: string): Promise<ApiKeyView> {
  return adminTransaction(context, async (tx) => {
    const [before] = await tx.query<ApiKeyRow>('SELECT id, name, created_at, revoked_at FROM api_keys WHERE id = $1', [id]);
    if (!before) throw new AdminRefusal(404, 'apiKeyUnknown', { field: 'id' });
    if (before.revoked_at !== null) return view(before);
    const [after] = await tx.query<ApiKeyRow>('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 RETURNING id, name, created_at, revoked_at', [id, context.now().toISOString()]);
    await recordAudit(tx, context, { action: 'apiKey.revoke', target: id, before: view(before), after: view(after!) });
    await configurationChanged(tx);
    return view(after!);
  });
}
