import { LRUCache } from 'lru-cache';
import type { StaffRole } from '../config/demo-data.js';
import type { StaffMember } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';

/** How many valid credentials are remembered, and for how long. */
export interface CredentialCacheOptions {
  /** At most this many valid credentials are remembered (least recently used go first; default 10,000). */
  max?: number;
  /**
   * A remembered credential is asked again of the database after this many ms (default 30,000):
   * a token or key revoked in the database stops working within this time.
   */
  ttlMs?: number;
}

/** The defaults of {@link CredentialCacheOptions}. */
export const CREDENTIAL_CACHE_DEFAULTS = { max: 10_000, ttlMs: 30_000 } as const;

/**
 * Valid credentials (staff tokens, API keys) by their hash, remembered for a short while so most
 * requests need no query. Only credentials the database knows are remembered, in a bounded LRU:
 * requests with made-up tokens each cost a query but can never grow the server's memory.
 */
export class CredentialCache<T extends object> {
  private readonly cache: LRUCache<string, T>;

  /**
   * @param load finds the credential with this hash in the database, or `null`
   * @param now the server's clock (the time to live follows it)
   */
  constructor(
    private readonly load: (hash: string) => Promise<T | null>,
    now: () => Date,
    options: CredentialCacheOptions = {},
  ) {
    const max = options.max ?? CREDENTIAL_CACHE_DEFAULTS.max;
    const ttl = options.ttlMs ?? CREDENTIAL_CACHE_DEFAULTS.ttlMs;
    this.cache = new LRUCache<string, T>({ max, ttl, ttlResolution: 0, perf: { now: () => now().getTime() } });
  }

  /** The remembered credential with this hash, without a query (and without a promise). */
  remembered(hash: string): T | undefined {
    return this.cache.get(hash);
  }

  /** The credential with this hash, remembered or from the database; `null` when there is none. */
  async find(hash: string): Promise<T | null> {
    const known = this.cache.get(hash);
    if (known !== undefined) return known;
    const found = await this.load(hash);
    if (found !== null) this.cache.set(hash, found);
    return found;
  }

  /** Forgets every remembered credential: each is asked of the database again (after a revocation). */
  clear(): void {
    this.cache.clear();
  }

  /** How many credentials are remembered now. */
  get size(): number {
    return this.cache.size;
  }
}

/** The server's two credential caches. */
export interface Credentials {
  /** Valid staff bearer tokens, by hash. */
  staffTokens: CredentialCache<StaffMember>;
  /** Valid API keys, by hash. */
  apiKeys: CredentialCache<{ valid: true }>;
  /**
   * Forgets every remembered credential. Called in the process that revoked a token or key at once,
   * and in every other process when the configuration version moves (a revocation moves it).
   */
  forgetAll(): void;
}

/** The credential caches of one server, over its database. */
export function createCredentials(ctx: Pick<ServerContext, 'db' | 'now'>, options: CredentialCacheOptions = {}): Credentials {
  const staffTokens = new CredentialCache<StaffMember>(
    async (hash) => {
      const [row] = await ctx.db.query<{ id: string; name: string; role: StaffRole; unit_id: string | null }>(
        `SELECT m.id, m.name, m.role, m.unit_id FROM staff_tokens t JOIN staff_members m ON m.id = t.member_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND m.removed_at IS NULL`,
        [hash],
      );
      return row ? { id: row.id, name: row.name, role: row.role, unitId: row.unit_id } : null;
    },
    ctx.now,
    options,
  );
  const apiKeys = new CredentialCache<{ valid: true }>(
    async (hash) => ((await ctx.db.query('SELECT 1 FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hash])).length > 0 ? { valid: true } : null),
    ctx.now,
    options,
  );
  return {
    staffTokens,
    apiKeys,
    forgetAll() {
      staffTokens.clear();
      apiKeys.clear();
    },
  };
}
