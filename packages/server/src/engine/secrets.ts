import { createCipheriv, createDecipheriv, createHash, createHmac, hash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';

// Random bytes drawn a block at a time: one system call per few hundred tokens on the hot path.
let pool = Buffer.alloc(0);
let offset = 0;
function random(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomBytes(8192);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  // Used bytes are wiped so a token never stays readable in the pool.
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}

/** A new citizen token: the secret that lets one citizen follow up and give feedback. */
export function newCitizenToken(): string {
  return random(24).toString('base64url');
}

/**
 * The citizen token of a message registered with an Idempotency-Key: an HMAC-SHA-256 of the
 * server's secret over the API key, the idempotency key and the message id, as long as a random
 * token. A retry with the same keys works the same token out again, so nothing about it is
 * stored (not even sealed); without the server's secret and the caller's API key nobody can.
 * The message id makes it unique even if an idempotency key is used again after its record is gone.
 */
export function idempotentCitizenToken(serverKey: Buffer, apiKey: string, idempotencyKey: string, messageId: string): string {
  return createHmac('sha256', serverKey)
    .update(`payam-citizen-token\0${apiKey}\0${idempotencyKey}\0${messageId}`)
    .digest()
    .subarray(0, 24)
    .toString('base64url');
}

/**
 * The key that sealed a token for an idempotent retry in records written before tokens were
 * derived ({@link idempotentCitizenToken}): from the API key and the idempotency key.
 */
export function idempotencySealKey(apiKey: string, idempotencyKey: string): Buffer {
  return hash('sha256', `payam-idempotency\0${apiKey}\0${idempotencyKey}`, 'buffer');
}

/**
 * Seals a citizen token with a 32-byte key (AES-256-GCM): for an idempotent retry (a key only the
 * caller can derive) or for notification links (the server's secret). The database never holds a
 * token in plain text.
 */
export function sealToken(token: string, key: Buffer): string {
  const iv = random(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Opens a token sealed by {@link sealToken}, or returns `null` when the key does not match. */
export function openToken(sealed: string, key: Buffer): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** The server's secret key: `PAYAM_SECRET` when set, else generated once and kept in the database. */
export async function loadServerKey(db: Queryable, fromEnvironment?: string): Promise<Buffer> {
  if (fromEnvironment) return createHash('sha256').update(fromEnvironment).digest();
  await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', ['token-seal', randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', ['token-seal']);
  return Buffer.from(row?.value ?? '', 'base64url');
}
