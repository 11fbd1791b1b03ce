#!/usr/bin/env node
/**
 * `pnpm start`: runs the reference server. Configuration from the environment:
 * `PORT` (8137), `HOST` (127.0.0.1), `PAYAM_PUBLIC_URL` (where citizens reach the server: every
 * link it sends is built from it; required when `NODE_ENV=production`, the bind address otherwise),
 * `PAYAM_PUBLIC_URL_<SYSTEM>` (a system's own tracking page), `PAYAM_DATA_DIR` (.payam-data), `DATABASE_URL` (PostgreSQL
 * instead of PGlite), `PAYAM_DEMO` (`0` turns the demo data off), `PAYAM_QUIET` (`1` silences logs),
 * `PAYAM_SECRET` (seals citizen tokens for notification links; generated once when unset),
 * `PAYAM_SMS_URL`/`PAYAM_SMS_API_KEY`/`PAYAM_SMS_SENDER` (Kavenegar-style SMS gateway),
 * `PAYAM_WEBHOOK_URL`/`PAYAM_WEBHOOK_SECRET` (unit notifications),
 * `PAYAM_PARTICIPATION_URL`/`PAYAM_PARTICIPATION_SECRET` (participation platform),
 * `PAYAM_RATE_LIMITS` (`off` turns the abuse limits off) and `PAYAM_RATE_LIMIT_*` (each limit),
 * `PAYAM_TRUSTED_PROXIES` (proxies whose X-Forwarded-For is believed), `PAYAM_FRAME_ANCESTORS`
 * (who may frame the pages),
 * `PAYAM_SMTP_URL`/`PAYAM_EMAIL_FROM` (email notifications), `PAYAM_METRICS_TOKEN` (guards `/metrics`),
 * `PAYAM_OUTBOX_MAX_ATTEMPTS` (attempts before a notification becomes a dead letter),
 * `PAYAM_VAPID_PUBLIC_KEY`/`PAYAM_VAPID_PRIVATE_KEY`/`PAYAM_VAPID_SUBJECT` (Web Push identity;
 * generated once and kept in the database when unset), `PAYAM_MEDIA_DIR` (keep photos as files
 * there instead of in the database), `PAYAM_PHOTO_MAX_BYTES` (the most bytes one photo may have, 8 MB).
 */
import { resolve } from 'node:path';
import { startServer } from './server.js';
import { rateLimitsFromEnv, type RateLimitOptions } from './http/rate-limits.js';
import { parseFrameAncestors } from './http/headers.js';
import { DEMO_API_KEY, demoStaffTokens } from './config/demo-data.js';
import { publicAddressFromEnvironment } from './config/public-address.js';
import { httpWebhook, kavenegarSms, signedWebhookBridge, type NotificationAdapters } from './notify/adapters.js';
import { emailChannel, type ChannelAdapter } from './notify/channels.js';

const env = process.env;
const port = Number(env.PORT ?? 8137);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${env.PORT}".`);
  process.exit(2);
}
let rateLimits: RateLimitOptions;
let frameAncestors: string[] | undefined;
let address: ReturnType<typeof publicAddressFromEnvironment>;
try {
  rateLimits = rateLimitsFromEnv(env);
  frameAncestors = env.PAYAM_FRAME_ANCESTORS ? parseFrameAncestors(env.PAYAM_FRAME_ANCESTORS) : undefined;
  address = publicAddressFromEnvironment(env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (!address.publicUrl && env.NODE_ENV === 'production') {
  console.error('PAYAM_PUBLIC_URL must be set in production: it is the address in every link sent to citizens (e.g. https://payam.city.example).');
  process.exit(2);
}
const demo = env.PAYAM_DEMO !== '0' && env.PAYAM_DEMO !== 'false';
const adapters: Partial<NotificationAdapters> = {};
if (env.PAYAM_SMS_API_KEY) {
  adapters.sms = kavenegarSms({ apiKey: env.PAYAM_SMS_API_KEY, sender: env.PAYAM_SMS_SENDER, baseUrl: env.PAYAM_SMS_URL });
}
if (env.PAYAM_WEBHOOK_URL) adapters.unit = httpWebhook({ url: env.PAYAM_WEBHOOK_URL, secret: env.PAYAM_WEBHOOK_SECRET });
if (env.PAYAM_PARTICIPATION_URL && env.PAYAM_PARTICIPATION_SECRET) {
  adapters.participation = signedWebhookBridge({ url: env.PAYAM_PARTICIPATION_URL, secret: env.PAYAM_PARTICIPATION_SECRET });
}
const channels: ChannelAdapter[] = [];
if (env.PAYAM_SMTP_URL) {
  if (!env.PAYAM_EMAIL_FROM) {
    console.error('PAYAM_SMTP_URL is set without PAYAM_EMAIL_FROM: name the sender, such as "Tehran 137 <noreply@tehran.example>".');
    process.exit(2);
  }
  channels.push(emailChannel({ smtp: env.PAYAM_SMTP_URL, from: env.PAYAM_EMAIL_FROM }));
}
const maxAttempts = env.PAYAM_OUTBOX_MAX_ATTEMPTS === undefined ? undefined : Number(env.PAYAM_OUTBOX_MAX_ATTEMPTS);
if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
  console.error(`PAYAM_OUTBOX_MAX_ATTEMPTS must be a whole number of at least 1, not "${env.PAYAM_OUTBOX_MAX_ATTEMPTS}".`);
  process.exit(2);
}
const photoMaxBytes = env.PAYAM_PHOTO_MAX_BYTES === undefined ? undefined : Number(env.PAYAM_PHOTO_MAX_BYTES);
if (photoMaxBytes !== undefined && (!Number.isInteger(photoMaxBytes) || photoMaxBytes < 1024)) {
  console.error(`PAYAM_PHOTO_MAX_BYTES must be a whole number of bytes, at least 1024, not "${env.PAYAM_PHOTO_MAX_BYTES}".`);
  process.exit(2);
}
if (!env.PAYAM_VAPID_PUBLIC_KEY !== !env.PAYAM_VAPID_PRIVATE_KEY) {
  console.error('Set both PAYAM_VAPID_PUBLIC_KEY and PAYAM_VAPID_PRIVATE_KEY (e.g. from `npx web-push generate-vapid-keys`), or neither to have a pair generated and kept in the database.');
  process.exit(2);
}

try {
  const server = await startServer({
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.PAYAM_DATA_DIR ?? '.payam-data'),
    // Set but empty is a mistake to name, not a reason to fall back to the embedded database.
    databaseUrl: env.DATABASE_URL,
    demo,
    quiet: env.PAYAM_QUIET === '1',
    secret: env.PAYAM_SECRET || undefined,
    adapters,
    rateLimits,
    frameAncestors,
    trustedProxies: env.PAYAM_TRUSTED_PROXIES ? env.PAYAM_TRUSTED_PROXIES.split(',') : undefined,
    ...(address.publicUrl ? { publicUrl: address.publicUrl } : {}),
    systemPages: address.systemPages,
    channels,
    ...(maxAttempts ? { outbox: { maxAttempts } } : {}),
    ...(env.PAYAM_METRICS_TOKEN ? { metricsToken: env.PAYAM_METRICS_TOKEN } : {}),
    push: {
      ...(env.PAYAM_VAPID_PUBLIC_KEY ? { publicKey: env.PAYAM_VAPID_PUBLIC_KEY } : {}),
      ...(env.PAYAM_VAPID_PRIVATE_KEY ? { privateKey: env.PAYAM_VAPID_PRIVATE_KEY } : {}),
      ...(env.PAYAM_VAPID_SUBJECT ? { subject: env.PAYAM_VAPID_SUBJECT } : {}),
    },
    photos: { ...(env.PAYAM_MEDIA_DIR ? { dir: resolve(env.PAYAM_MEDIA_DIR) } : {}), ...(photoMaxBytes ? { maxBytes: photoMaxBytes } : {}) },
  });
  const lines = [
    `Payam is running at ${server.url}`,
    address.publicUrl
      ? `  public address: ${server.publicUrl} (links in SMS, push and discovery)`
      : `  public address: ${server.publicUrl} (development; set PAYAM_PUBLIC_URL to the address citizens reach)`,
    `  storage: ${env.DATABASE_URL !== undefined ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${resolve(env.PAYAM_DATA_DIR ?? '.payam-data')}`}`,
    `  API: ${server.url}/open311/v2/services.json · ${server.url}/openapi.json`,
  ];
  if (demo) {
    lines.push(
      '  demo data is on (PAYAM_DEMO=0 turns it off; use it only on an empty database you do not need):',
      `    API key: ${DEMO_API_KEY}`,
      ...demoStaffTokens.map((s) => `    staff token ${s.token} (${s.role}${s.unitId ? `, ${s.unitId}` : ''})`),
    );
  }
  // Stop cleanly on a signal from the moment the server runs, before it says so: whoever starts it
  // may send one as soon as it reads the line below.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(lines.join('\n'));
} catch (error) {
  console.error(`Payam could not start: ${(error as Error).message}`);
  process.exit(1);
}
