import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Database } from '../db/database.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';

/** The abuse limits, each counted per API key or per client address. */
export type RateLimitName = 'registrationsPerKey' | 'registrationsPerAddress' | 'lookupsPerAddress' | 'listsPerAddress';

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
  /** Look-ups of one message by tracking id or citizen token (and follow-ups and feedback, which check a token), per address. */
  lookupsPerAddress: { points: 300, seconds: 60 },
  /** The public list of messages (`GET requests`), the heaviest public query, per address. */
  listsPerAddress: { points: 60, seconds: 60 },
};

const ENV_NAMES: Record<RateLimitName, string> = {
  registrationsPerKey: 'PAYAM_RATE_LIMIT_REGISTRATIONS_PER_KEY',
  registrationsPerAddress: 'PAYAM_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS',
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
 * `PAYAM_RATE_LIMIT_REGISTRATIONS_PER_KEY`, `…_REGISTRATIONS_PER_ADDRESS`, `…_LOOKUPS_PER_ADDRESS`
 * and `…_LISTS_PER_ADDRESS` sets one (`60/10m`, or `off`).
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

/** rate-limiter-flexible's PostgreSQL store over Payam's own query interface (PostgreSQL and PGlite alike). */
function storeClient(db: Database) {
  return {
    async query(q: { text: string; values?: (string | number | null)[] }) {
      const rows = await db.query<{ points: number; expire: number | string | bigint | null }>(q.text, q.values ?? []);
      const parsed = rows.map((r) => ({ points: Number(r.points), expire: r.expire === null ? null : Number(r.expire) }));
      return { rows: parsed, rowCount: parsed.length };
    },
  };
}

/** Where the counters live: in PostgreSQL (shared by every process), or in this process's memory. */
export type RateLimitStore = 'database' | 'memory';

/** The server's abuse limits: each request that counts spends a point, and one too many is a 429. */
export class RateLimits {
  private readonly limiters = new Map<RateLimitName, RateLimiterAbstract>();

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
    let sweeper = true;
    for (const name of Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]) {
      const limit = options[name] === undefined ? RATE_LIMIT_DEFAULTS[name] : options[name];
      if (limit === false) continue;
      const common = { keyPrefix: name, points: limit.points, duration: limit.seconds };
      const memory = new RateLimiterMemory(common);
      this.limiters.set(
        name,
        store === 'memory'
          ? memory
          : new RateLimiterPostgres({
              ...common,
              storeClient: storeClient(db),
              storeType: 'client',
              tableName: 'rate_limits',
              tableCreated: true,
              // One limiter deletes the counters expired over an hour ago, every five minutes.
              clearExpiredByTimeout: sweeper,
              // Once spent, the key is refused from memory until its window ends: a flood costs no query.
              inMemoryBlockOnConsumed: limit.points,
              // Should the database fail, counting goes on in memory rather than refusing everyone.
              insuranceLimiter: memory,
            }),
      );
      sweeper = false;
    }
  }

  /** Whether any limit is on. */
  get enabled(): boolean {
    return this.limiters.size > 0;
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
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw problem(429, text(languageOf(c), 'tooManyRequests', { seconds: String(seconds) }), { headers: { 'Retry-After': String(seconds) } });
    }
  }
}
