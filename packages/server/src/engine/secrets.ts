import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

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

function keyFor(apiKey: string, idempotencyKey: string): Buffer {
  return createHash('sha256').update(`payam-idempotency\0${apiKey}\0${idempotencyKey}`).digest();
}

/**
 * Seals a citizen token for an idempotent retry: only a caller holding the same API key and the
 * same idempotency key can open it again, and the database never holds the token in plain text.
 */
export function sealToken(token: string, apiKey: string, idempotencyKey: string): string {
  const iv = random(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(apiKey, idempotencyKey), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Opens a token sealed by {@link sealToken}, or returns `null` when the keys do not match. */
export function openToken(sealed: string, apiKey: string, idempotencyKey: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(apiKey, idempotencyKey), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
