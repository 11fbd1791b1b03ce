import type { Database, Queryable } from '../db/database.js';
import type { ServerContext } from '../engine/context.js';
import { loadCatalog } from './catalog.js';

/** Moves the configuration version on: call it in the transaction that changes the configuration. */
export async function configurationChanged(tx: Queryable): Promise<void> {
  await tx.query('UPDATE configuration_version SET version = version + 1 WHERE id = 1');
}

/** The configuration version now stored. */
export async function configurationVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: number | string }>('SELECT version FROM configuration_version WHERE id = 1');
  return Number(row?.version ?? 0);
}

/**
 * Keeps one process's configuration (`ctx.catalog`) in step with the database: every `intervalMs`
 * it reads the configuration version and reloads the catalog when another process (or this one)
 * changed it. One small indexed read per interval, on PGlite and PostgreSQL alike.
 */
export class CatalogWatcher {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<boolean> | null = null;

  /**
   * @param ctx the process's context, whose catalog is replaced on a change
   * @param intervalMs how often to look (0: only when `check()` is called)
   * @param loaded the version read just before the current catalog was loaded
   * @param onChange called after each reload (the server forgets its remembered credentials: a
   *   revoked token or key moves the version too)
   */
  constructor(
    private readonly ctx: ServerContext & { readonly db: Database },
    private readonly intervalMs: number,
    private loaded: number,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Checks every `intervalMs`. */
  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.check()
        .catch((error: unknown) => this.ctx.log.error('configuration check failed', { kind: (error as Error).name }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
    this.timer.unref();
  }

  /** Reloads the catalog now if the stored version moved; resolves whether it did. */
  check(): Promise<boolean> {
    this.checking ??= (async () => {
      try {
        // The version is read before the catalog: a change landing in between is seen next time.
        const version = await configurationVersion(this.ctx.db);
        if (version === this.loaded) return false;
        this.ctx.catalog = await loadCatalog(this.ctx.db);
        this.loaded = version;
        this.onChange();
        this.ctx.log.info('configuration reloaded', { version });
        return true;
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /** Stops checking. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
  }
}
