import webpush from 'web-push';
import type { Queryable } from '../db/database.js';

/** The VAPID identity this server signs its pushes with (RFC 8292). */
export interface VapidKeys {
  /** A `mailto:` or `https:` contact the push services may reach the sender at. */
  subject: string;
  /** The public key (uncompressed P-256 point, base64url): pages pass it as `applicationServerKey`. */
  publicKey: string;
  /** The private key (base64url). Never leaves the server. */
  privateKey: string;
}

/** VAPID keys given by the configuration (`PAYAM_VAPID_PUBLIC_KEY`, `PAYAM_VAPID_PRIVATE_KEY`, `PAYAM_VAPID_SUBJECT`). */
export type VapidOptions = Partial<VapidKeys>;

/** The subject when none is configured: push services accept any `mailto:`; set a real one in production. */
export const DEFAULT_VAPID_SUBJECT = 'mailto:payam@localhost';

/**
 * The server's VAPID keys: the configured pair when both keys are given, else a pair generated
 * once and kept in `server_secrets` (like the server's secret), so every process and every restart
 * signs with the same key and subscriptions made against it keep working.
 */
export async function loadVapidKeys(db: Queryable, configured: VapidOptions = {}): Promise<VapidKeys> {
  const subject = configured.subject || DEFAULT_VAPID_SUBJECT;
  if (configured.publicKey || configured.privateKey) {
    if (!configured.publicKey || !configured.privateKey) throw new Error('Give both VAPID keys (public and private), or neither to have them generated.');
    // web-push checks the shapes (65-byte public point, 32-byte private scalar) and throws a clear error.
    webpush.setVapidDetails(subject, configured.publicKey, configured.privateKey);
    return { subject, publicKey: configured.publicKey, privateKey: configured.privateKey };
  }
  const generated = webpush.generateVAPIDKeys();
  // One pair for every process: the first to insert wins, the others read it.
  await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', ['vapid', JSON.stringify(generated)]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', ['vapid']);
  const kept = JSON.parse(row?.value ?? '{}') as { publicKey?: string; privateKey?: string };
  if (!kept.publicKey || !kept.privateKey) throw new Error('The stored VAPID keys cannot be read.');
  return { subject, publicKey: kept.publicKey, privateKey: kept.privateKey };
}
