import { fillMatchingKeys } from './duplicates/auto-link.js';
import { RequestActivity } from './engine/activity.js';
import { DuplicateLinkQueue, type DuplicateLinkQueueOptions } from './duplicates/link-queue.js';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { migrate } from './db/migrate.js';
import type { Database } from './db/database.js';
import { isEmpty, loadCatalog, loadDemoData } from './config/catalog.js';
import { createLogger, type Logger, type ServerContext } from './engine/context.js';
import { createApp } from './http/app.js';
import { createCredentials, type CredentialCacheOptions } from './http/credentials.js';
import { RateLimits, trustedProxyList, type RateLimitOptions } from './http/rate-limits.js';
import { loadServerKey } from './engine/secrets.js';
import { loadDemoYear, type DemoYearOptions } from './config/demo-year.js';
import { prepareStatistics } from './stats/rollups.js';
import { Worker, type WorkerOptions, type WorkerRun } from './engine/worker.js';
import type { NotificationAdapters } from './notify/adapters.js';
import { checkPublicUrl, developmentUrl, PublicAddress } from './config/public-address.js';
import type { ChannelAdapter } from './notify/channels.js';
import type { OutboxOptions } from './notify/outbox.js';
import { CatalogWatcher, configurationVersion } from './config/catalog-watch.js';
import { ServerMetrics } from './ops/metrics.js';
import { loadVapidKeys, type VapidOptions } from './push/vapid.js';
import { subscriptionPushChannel } from './push/subscriptions.js';
import { PhotoStore } from './photos/store.js';
import type { Agent } from 'node:https';

/** How to start the server. Every option has a default that works on a fresh machine. */
export interface ServerOptions {
  /** TCP port (default 8137; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** PGlite data directory (default `.payam-data` in the current directory); `null` keeps it in memory. */
  dataDir?: string | null;
  /** A PostgreSQL connection string; when given, PostgreSQL is used instead of PGlite (an empty or non-PostgreSQL one is refused). */
  databaseUrl?: string;
  /** Load the demo data (systems, services, org tree, policies, demo credentials) into an empty database. */
  demo?: boolean;
  /**
   * With `demo`, also a year of demo messages with seasonal topics across the districts (for the
   * dashboard and the topic map), written once into a database without older 137 messages.
   * `true` for the defaults, or how many and with which seed. Off by default.
   */
  demoYear?: boolean | DemoYearOptions;
  /** The clock (tests move it to expire deadlines and feedback windows). */
  now?: () => Date;
  /** Silence the request and worker logs. */
  quiet?: boolean;
  /**
   * The public address citizens and programs reach this server at (`https://payam.city.example`):
   * every link the server emits is built from it. Default: the bind address, for development only.
   */
  publicUrl?: string;
  /** A tracking page per system, for a city with one page per line (`{ '1888': 'https://city.example/1888' }`). */
  systemPages?: Record<string, string>;
  /** The folder of the example page served at `/`. */
  examplesDir?: string;
  /** The folder of the widget bundles served at `/widgets/`. */
  widgetsDir?: string;
  /** How often the worker looks for due deadlines and notifications, in ms (default 1000; 0 = never, run it by hand). */
  workerIntervalMs?: number;
  /** Due deadlines the worker claims and applies per transaction (default 500). */
  deadlineBatch?: number;
  /**
   * The server's secret (seals citizen tokens for notification links, derives the tokens of
   * idempotent registrations); default: generated once and kept in the database.
   */
  secret?: string;
  /**
   * How often this process looks for configuration changed by another process (policies), in ms
   * (default 1000; 0 = never).
   */
  configCheckMs?: number;
  /** When set, `/metrics` needs `Authorization: Bearer <token>` (default: open, counts only). */
  metricsToken?: string;
  /**
   * Whether every request is counted and timed for `/metrics` (default true). `false` leaves the
   * HTTP request metrics out, for a benchmark of what counting costs; the other metrics stay.
   */
  requestMetrics?: boolean;
  /** Where log lines go (default: JSON lines on stdout/stderr, nothing when `quiet`). */
  logger?: Logger;
  /** Notification and participation adapters (default: a development log that never prints phone numbers). */
  adapters?: Partial<NotificationAdapters>;
  /**
   * Bounds of the caches of valid staff tokens and API keys: at most `max` of each (default
   * 10,000), each asked again of the database after `ttlMs` (default 30,000: a revoked token or
   * key stops working within 30 s). Unknown tokens are never cached.
   */
  credentialCache?: CredentialCacheOptions;
  /**
   * The abuse limits (registrations per API key and per address, look-ups by tracking id or
   * citizen token per address, the public list per address): default {@link RATE_LIMIT_DEFAULTS};
   * `false` turns them off (loopback benchmarks only). Counted in PostgreSQL when the server runs
   * on it (shared by every process), in memory on PGlite. A refused request gets 429 and `Retry-After`.
   */
  rateLimits?: RateLimitOptions;
  /**
   * The reverse proxies in front of the server (addresses or networks such as `10.0.0.0/8`): only a
   * request from one of them has its client address read from `X-Forwarded-For`. Default: none,
   * the client is the socket's peer.
   */
  trustedProxies?: string[];
  /**
   * Who may show the server's pages in a frame: `frame-ancestors` sources such as `'self'` (the
   * default), `'none'` or `https://www.tehran.ir`.
   */
  frameAncestors?: string[];
  /** Citizen channel plug-ins (`smsChannel`, `pushChannel`, `emailChannel`, your own); a channel without one goes to the development log. */
  channels?: readonly ChannelAdapter[];
  /**
   * Whether a new message that matches an open message above its system's duplicate policy
   * `linkAt` is linked to it at registration (default true; the policies set the thresholds, and
   * `duplicates.enabled: false` turns duplicate search off for a system).
   */
  autoLinkDuplicates?: boolean;
  /**
   * The duplicate search's queue after registrations: messages kept in memory at most, a search's
   * batch, and the share of the time it may take while registrations keep arriving (default 0.25).
   */
  duplicateSearch?: Pick<DuplicateLinkQueueOptions, 'concurrency' | 'maxWaiting' | 'batch' | 'share'>;
  /** The outbox: its lease (ms) and the attempts before a notification becomes a dead letter. */
  outbox?: Pick<OutboxOptions, 'leaseMs' | 'maxAttempts'>;
  /**
   * Web Push: the VAPID keys and subject (default: a pair generated once and kept in the database),
   * and the HTTPS agent for the push services (a proxy, or a private CA in tests).
   */
  push?: VapidOptions & { agent?: Agent };
  /**
   * Photos citizens attach: kept in the database by default, or as files in `dir`; `maxBytes` is
   * the most one photo may have as sent (default 8 MB); a photo never attached to a message is
   * removed once `keepUnattachedMs` old (default 24 hours).
   */
  photos?: { dir?: string; maxBytes?: number; keepUnattachedMs?: number };
  /**
   * Webhooks for apps: their URLs must be https to public addresses (checked at registration and
   * again when each delivery connects). `allowLocalTargets: true` also takes http and loopback or
   * private addresses: for tests and local development only.
   */
  appWebhooks?: { allowLocalTargets?: boolean };
}

/** How long a photo never attached to a message is kept by default: a day. */
export const UNATTACHED_PHOTO_KEPT_MS = 24 * 3_600_000;

/** A running server. */
export interface RunningServer {
  /** Its bind address, `http://127.0.0.1:<port>`. */
  url: string;
  /** The public address its links use (`publicUrl`, or the bind address in development). */
  publicUrl: string;
  /** The port it listens on. */
  port: number;
  /** Runs the worker once now: due deadlines, then pending notifications and suggestions. */
  runWorker(): Promise<WorkerRun>;
  /** The Hono app (for in-process requests). */
  app: Hono;
  /** How many valid staff tokens and API keys are remembered now (for monitoring; bounded by `credentialCache.max`). */
  cacheSizes(): { staffTokens: number; apiKeys: number };
  /** Resolves once the duplicate search of every message registered so far has run. */
  duplicatesSettled(): Promise<void>;
  /**
   * Stops listening, stops the worker, lets the duplicate searches under way finish (those still
   * waiting stay marked for a worker to run later), and closes the database.
   */
  close(): Promise<void>;
}

/** Opens the database the options name, applies migrations and loads the demo data when asked. */
export async function openDatabase(options: Pick<ServerOptions, 'dataDir' | 'databaseUrl' | 'demo'>): Promise<Database> {
  const db = options.databaseUrl !== undefined
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir === undefined ? '.payam-data' : options.dataDir);
  await migrate(db);
  if (options.demo && (await isEmpty(db))) await loadDemoData(db);
  return db;
}

/**
 * Starts the reference server: opens PGlite (or PostgreSQL with `databaseUrl`), applies the
 * migrations, loads demo data into an empty database when `demo`, starts the deadline and
 * notification worker, and listens on `host:port`.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const quiet = options.quiet ?? false;
  const db = await openDatabase(options);
  // The version first: a change that lands while the catalog loads is picked up by the watcher.
  const configVersion = await configurationVersion(db);
  const catalog = await loadCatalog(db);
  await prepareStatistics(db, catalog.settings.calendar.timeZone);
  if (options.demo && options.demoYear) {
    const year = options.demoYear === true ? {} : options.demoYear;
    await loadDemoYear(db, catalog, { ...year, end: year.end ?? (options.now ?? (() => new Date()))() });
  }
  const secretKey = await loadServerKey(db, options.secret);
  const { agent: pushAgent, ...vapidOptions } = options.push ?? {};
  const vapid = await loadVapidKeys(db, vapidOptions);
  const ctx: ServerContext = { db, catalog, secretKey, now: options.now ?? (() => new Date()), log: options.logger ?? createLogger(quiet), address: new PublicAddress(''), autoLinkDuplicates: options.autoLinkDuplicates ?? true, activity: new RequestActivity() };
  await fillMatchingKeys(db);
  // The duplicate search of a message runs after its registration is answered, as background work.
  // PostgreSQL runs two at once when no registrations are arriving.
  const duplicateLinks = new DuplicateLinkQueue(ctx, { concurrency: db.kind === 'postgres' ? 2 : 1, ...options.duplicateSearch });
  ctx.duplicateLinks = duplicateLinks;
  const credentials = createCredentials(ctx, options.credentialCache);
  const trusted = options.trustedProxies && options.trustedProxies.length > 0 ? trustedProxyList(options.trustedProxies) : null;
  const rateLimits = new RateLimits(db, options.rateLimits ?? {}, db.kind === 'postgres' ? 'database' : 'memory', trusted);
  const metrics = new ServerMetrics(ctx);
  const photoStore = new PhotoStore(db, options.photos?.dir ?? null);
  const app = createApp(ctx, {
    credentials,
    rateLimits,
    logRequests: !quiet || options.logger !== undefined,
    examplesDir: options.examplesDir,
    widgetsDir: options.widgetsDir,
    frameAncestors: options.frameAncestors,
    metrics,
    vapid,
    photos: { store: photoStore, ...(options.photos?.maxBytes ? { maxBytes: options.photos.maxBytes } : {}) },
    requestMetrics: options.requestMetrics,
    appWebhooks: { allowLocalTargets: options.appWebhooks?.allowLocalTargets ?? false },
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolvePort, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8137, hostname: host }, (info) => resolvePort({ server: s, port: info.port }));
    s.once('error', reject);
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = options.publicUrl ? checkPublicUrl(options.publicUrl, 'publicUrl') : developmentUrl(host, port);
  ctx.address = new PublicAddress(publicUrl, options.systemPages);
  const workerOptions: WorkerOptions = {
    intervalMs: options.workerIntervalMs ?? 1000,
    adapters: options.adapters ?? {},
    // The subscriptions citizens register come last: a configured push channel takes precedence.
    channels: [...(options.channels ?? []), ...(options.adapters?.push ? [] : [subscriptionPushChannel(ctx, vapid, pushAgent ? { agent: pushAgent } : {})])],
    deadlineBatch: options.deadlineBatch,
    photoCleanup: { store: photoStore, keepUnattachedMs: options.photos?.keepUnattachedMs ?? UNATTACHED_PHOTO_KEPT_MS },
    duplicateSearch: duplicateLinks,
    onRun: (run) => metrics.workerRun(run),
    outbox: { ...options.outbox, appWebhooks: { allowLocalTargets: options.appWebhooks?.allowLocalTargets ?? false }, onOutcome: (outcome) => metrics.delivery(outcome) },
  };
  const worker = new Worker(ctx, workerOptions);
  worker.start();
  // On PostgreSQL a deadline written to fall due soon, by any process, wakes this worker for it.
  const stopListening = workerOptions.intervalMs > 0 && db.listen ? await db.listen('payam_deadline', (due) => worker.wakeAt(new Date(due))) : null;
  const watcher = new CatalogWatcher(ctx, options.configCheckMs ?? 1000, configVersion, () => credentials.forgetAll());
  watcher.start();
  let closed = false;
  return {
    url,
    publicUrl,
    port,
    app,
    runWorker: () => worker.runOnce(),
    cacheSizes: () => ({ staffTokens: credentials.staffTokens.size, apiKeys: credentials.apiKeys.size }),
    duplicatesSettled: () => duplicateLinks.idle(),
    async close() {
      if (closed) return;
      closed = true;
      await stopListening?.();
      await worker.stop();
      await watcher.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      // Searches under way finish; those still waiting stay marked for a worker to run later.
      const left = await duplicateLinks.stop();
      if (left > 0) ctx.log.info('duplicate searches left for the worker', { messages: left });
      await db.close();
    },
  };
}
