// The content hash in the names of the CDN files (`payam-widgets.<hash>.js`, `leaflet-1.9.4.<hash>.js`)
// and their Subresource Integrity hash, shared by the build (tsup.config.ts) and the scripts that
// name the files (scripts/version-cdn.mjs, scripts/copy-leaflet.mjs).
import { createHash } from 'node:crypto';

/** Hexadecimal digits of a hash in a file name. */
export const HASH_LENGTH = 12;

/**
 * Where a part's hash goes in the name the build writes into the single file
 * (`./payam-report-map.000000000000.js`): the hash is written over it, of the same length, so no
 * column of the single file moves and its source map still holds.
 */
export const HASH_PLACEHOLDER = '0'.repeat(HASH_LENGTH);

/** The hash of `bytes` as a file name carries it. */
export const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LENGTH);

/** The Subresource Integrity hash of `bytes` (`sha384-…`), for a tag's `integrity`. */
export const integrityOf = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
