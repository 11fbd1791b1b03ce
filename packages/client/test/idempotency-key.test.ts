/** Idempotency keys on pages where `crypto.randomUUID` is missing (plain-HTTP pages in browsers). */
import { afterEach, describe, expect, it } from 'vitest';
import { newIdempotencyKey } from '../src/idempotency-key.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newIdempotencyKey', () => {
  afterEach(() => {
    delete (crypto as { randomUUID?: unknown }).randomUUID; // back to the prototype's
  });

  it('gives UUID v4 keys', () => {
    expect(newIdempotencyKey()).toMatch(UUID_V4);
  });

  it('builds UUID v4 keys from random bytes when randomUUID is missing, each one new', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    const keys = new Set(Array.from({ length: 200 }, newIdempotencyKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(UUID_V4);
  });
});
