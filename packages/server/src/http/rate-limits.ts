import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../db/database.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import { SharedCounters } from './rate-limit-counters.js';

/** The abuse limits, each counted per API key or per client address. */
export type RateLimitName = 'registrationsPerKey' | 'registrationsPerAddress' | 'uploadsPerAddress' | 'lookupsPerAddress' | 'listsPerAddress';

/** At most `points` requests in `seconds`. */
export interface RateLimit {
  /** How many requests the window allows. */
  points: number;
  /** The window, in seconds. */
  seconds: number;
}

/**
 * The abuse limits: `false` turns them all off (loopback benchmarks only); otherwise each limit
 * is its default unless given (`false` turns that one off).
 */
export type RateLimitOptions = false | Partial<Record<RateLimitName, RateLimit | false>>;

/**
 * The defaults: generous for people behind one shared address (mobile carriers put many citizens
 * behind one), tight enough that one address cannot flood the database or walk the id space.
 */
export const RATE_LIMIT_DEFAULTS: Readonly<Record<RateLimitName, RateLimit>> = {
  /** Registrations per API key: a city's own app sends for all its users. */
  registrationsPerKey: { points: 300, seconds: 60 },
  /** Registrations per client address. */
  registrationsPerAddress: { points: 60, seconds: 600 },
  /** Photo uploads per client address (one upload carries a report's photos), counted apart from registrations. */
  uploadsPerAddress: { points: 60, seconds: 600 },
  /** Look-ups of one message by tracking id or citizen token (and follow-ups and feedback, which check a token), per address. */
  lookupsPerAddress: { points: 300, seconds: 60 },
  /** The public list of messages (`GET requests`), the heaviest public query, per address. */
  listsPerAddress: { points: 60, seconds: 60 },
};

const ENV_NAMES: Record<RateLimitName, string> = {
  registrationsPerKey: 'PAYAM_RATE_LIMIT_REGISTRATIONS_PER_KEY',
  registrationsPerAddress: 'PAYAM_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS',
  uploadsPerAddress: 'PAYAM_RATE_LIMIT_UPLOADS_PER_ADDRESS',
  lookupsPerAddress: 'PAYAM_RATE_LIMIT_LOOKUPS_PER_ADDRESS',
  listsPerAddress: 'PAYAM_RATE_LIMIT_LISTS_PER_ADDRESS',
};

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Reads `300/60s`, `60/10m`, `1000/1h` (a bare number of seconds too) or `off`; throws on anything else. */
export function parseRateLimit(value: string, name = 'rate limit'): RateLimit | false {
  if (value.trim().toLowerCase() === 'off') return false;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*([smh]?)\s*$/.exec(value);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]) * (UNIT_SECONDS[match?.[3] || 's'] ?? 1);
  if (!match || points < 1 || seconds < 1) throw new Error(`${name} must read like 60/10m (60 requests in 10 minutes) or off, not "${value}".`);
  return { points, seconds };
}

/**
 * The limits the environment sets: `PAYAM_RATE_LIMITS=off` turns them all off; each of
 * `PAYAM_RATE_LIMIT_REGISTRATIONS_PER_KEY`, `…_REGISTRATIONS_PER_ADDRESS`, `…_UPLOADS_PER_ADDRESS`,
 * `…_LOOKUPS_PER_ADDRESS` and `…_LISTS_PER_ADDRESS` sets one (`60/10m`, or `off`).
 */
export function rateLimitsFromEnv(env: Record<string, string | undefined>): RateLimitOptions {
  const all = env.PAYAM_RATE_LIMITS?.trim().toLowerCase();
  if (all === 'off') return false;
  if (all !== undefined && all !== '' && all !== 'on') throw new Error(`PAYAM_RATE_LIMITS must be on or off, not "${env.PAYAM_RATE_LIMITS}".`);
  const options: Partial<Record<RateLimitName, RateLimit | false>> = {};
  for (const [name, variable] of Object.entries(ENV_NAMES) as [RateLimitName, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== '') options[name] = parseRateLimit(value, variable);
  }
  return options;
}

/** Addresses and networks (`10.0.0.0/8`, `::1`) whose `X-Forwarded-For` is believed. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (prefix !== undefined && !/^\d+$/.test(prefix))) throw new Error(`A trusted proxy must be an address or a network such as 10.0.0.0/8, not "${entry}".`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket's peer; when that peer is a trusted proxy, the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left are written by
 * the client and could be anything).
 */
export function clientAddress(c: Context, trustedProxies: BlockList | null): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  let address = incoming?.socket.remoteAddress ?? 'unknown';
  if (trustedProxies && isTrusted(trustedProxies, address)) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim());
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const hop = forwarded[i] ?? '';
      if (isIP(hop) === 0) break;
      address = hop;
      if (!isTrusted(trustedProxies, hop)) break;
    }
  }
  return address;
}

/**
 * The key an address is counted under: an IPv4 address as it is (an IPv4-mapped IPv6 one too), an
 * IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] ?? address;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Where the counters live: in PostgreSQL (shared by every process), or in this process's memory. */
export type RateLimitStore = 'database' | 'memory';

/** A limit as the server counts it. */
interface Limiter {
  name: RateLimitName;
  limit: RateLimit;
  /** The counters in this process's memory: the store on PGlite, and on PostgreSQL the insurance should the database fail. */
  memory: RateLimiterMemory;
}

/** How often the counters whose window ended over an hour ago are deleted from the database. */
const SWEEP_EVERY_MS = 5 * 60_000;

/** The server's abuse limits: each request that counts spends a point, and one too many is a 429. */
export class RateLimits {
  private readonly limiters = new Map<RateLimitName, Limiter>();
  /** The counters in PostgreSQL (`database` store only). */
  private readonly shared: SharedCounters | null = null;
  /** Keys spent to their limit, refused from memory until their window ends: a flood costs no query. */
  private readonly spent = new LRUCache<string, number>({ max: 50_000 });

  /**
   * @param db the database (its `rate_limits` table holds the counters when `store` is `database`)
   * @param options the limits (`false`: none)
   * @param store `database` on PostgreSQL so processes share counters; `memory` on PGlite (one process)
   * @param trustedProxies the proxies whose `X-Forwarded-For` names the client (see {@link clientAddress})
   */
  constructor(
    db: Database,
    options: RateLimitOptions,
    store: RateLimitStore,
    private readonly trustedProxies: BlockList | null = null,
  ) {
    if (options === false) return;
    for (const name of Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]) {
      const limit = options[name] === undefined ? RATE_LIMIT_DEFAULTS[name] : options[name];
      if (limit === false) continue;
      this.limiters.set(name, { name, limit, memory: new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.seconds }) });
    }
    if (store === 'database' && this.limiters.size > 0) {
      const shared = new SharedCounters(db);
      this.shared = shared;
      // Failures here are retried at the next sweep; counting does not depend on it.
      setInterval(() => void shared.sweep().catch(() => undefined), SWEEP_EVERY_MS).unref();
    }
  }

  /** Whether any limit is on. */
  get enabled(): boolean {
    return this.limiters.size > 0;
  }

  /** Whether the limit `name` is on (a route leaves out the middleware of a limit that is off). */
  has(name: RateLimitName): boolean {
    return this.limiters.has(name);
  }

  /** Spends one point of `name` for the request's client address (see {@link clientAddress}, {@link addressKey}). */
  spendForAddress(c: Context, name: RateLimitName): Promise<void> {
    if (!this.limiters.has(name)) return Promise.resolve();
    return this.spend(c, name, addressKey(clientAddress(c, this.trustedProxies)));
  }

  /**
   * Spends one point of `name` for `key`; when none is left, throws a 429 with `Retry-After` (in
   * seconds) and an Open311 error body in the request's language.
   */
  async spend(c: Context, name: RateLimitName, key: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    const msBeforeNext = this.shared ? await this.spendShared(this.shared, limiter, key) : await spendInMemory(limiter, key);
    if (msBeforeNext === null) return;
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    throw problem(429, text(languageOf(c), 'tooManyRequests', { seconds: String(seconds) }), { headers: { 'Retry-After': String(seconds) } });
  }

  /** Spends a point in PostgreSQL; `null` when allowed, else the milliseconds until the window ends. */
  private async spendShared(shared: SharedCounters, limiter: Limiter, key: string): Promise<number | null> {
    const counter = `${limiter.name}:${key}`;
    const now = Date.now();
    const blockedUntil = this.spent.get(counter);
    if (blockedUntil !== undefined && blockedUntil > now) return blockedUntil - now;
    let state;
    try {
      state = await shared.spend({ key: counter, windowMs: limiter.limit.seconds * 1000 });
    } catch {
      // Should the database fail, counting goes on in memory rather than refusing everyone.
      return spendInMemory(limiter, key);
    }
    if (state.spent >= limiter.limit.points) this.spent.set(counter, state.expiresAt, { ttl: Math.max(1, state.expiresAt - now) });
    return state.spent > limiter.limit.points ? Math.max(0, state.expiresAt - now) : null;
  }
}

/** Spends a point in this process's memory; `null` when allowed, else the milliseconds until the window ends. */
async function spendInMemory(limiter: Limiter, key: string): Promise<number | null> {
  try {
    await limiter.memory.consume(key);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return rejection.msBeforeNext;
  }
}
