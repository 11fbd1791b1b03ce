import { timingSafeEqual } from 'node:crypto';
import type { Catalog } from '../config/catalog.js';
import { sha256 } from '../config/catalog.js';
import { isPrivate, type PrivacySubject } from './privacy.js';

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `token` is the citizen token whose hash is stored. */
export function holdsToken(token: string | undefined, storedHash: string): boolean {
  return !!token && sameHash(sha256(token), storedHash);
}

/**
 * Whether someone outside the staff may read a message: anyone when it is public, only the holder
 * of its citizen token when it is private. A private message answers everyone else exactly as a
 * nonexistent one.
 */
export function publicMayRead(
  catalog: Catalog,
  message: PrivacySubject & { citizenTokenHash: string },
  token: string | undefined,
): boolean {
  return !isPrivate(catalog, message) || holdsToken(token, message.citizenTokenHash);
}

/**
 * Whether the public answer about a message may name other messages (its first message, its
 * duplicates): only for a public message, whose links are public too. A private message's citizen
 * learns that it was joined to another, never which.
 */
export function namesOtherMessages(catalog: Catalog, message: PrivacySubject): boolean {
  return !isPrivate(catalog, message);
}

/** The keys of timeline data that name another message (its first message, a duplicate). */
export const MESSAGE_REFERENCE_KEYS: readonly string[] = ['messageId', 'firstMessageId', 'fromFirstMessageId'];
