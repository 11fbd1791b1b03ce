/**
 * A fresh idempotency key: a random UUID v4. Browsers offer `crypto.randomUUID()` only on
 * secure pages (HTTPS, localhost), but `crypto.getRandomValues()` everywhere, so the key is
 * built from random bytes when `randomUUID` is missing: each `0`/`1` of the template becomes a
 * random hex digit, `8` one of `8`–`b` (the RFC 4122 variant), `4` stays (the version).
 */
export const newIdempotencyKey = (): string =>
  crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );
