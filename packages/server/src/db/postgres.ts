import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, SqlValue } from './database.js';
import { parseDatabaseUrl } from './database-url.js';

// Counts come back as numbers, as from PGlite.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

const names = new Map<string, string>();

/** A stable name for a statement's text (the same text always gets the same name). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `payam_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Opens a PostgreSQL connection pool on `url` and checks that the database answers. A URL that is
 * not PostgreSQL's is refused before any connection; an unreachable server is named by host and port.
 */
export async function openPostgres(url: string, poolSize = 16): Promise<Database> {
  const address = parseDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not crash the process.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as Error).message || String((error as { code?: unknown }).code ?? 'no answer');
    throw new Error(`PostgreSQL at ${address.host}:${address.port} (database ${address.database}) could not be reached: ${reason}.`);
  }
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlValue[] = []) {
      // Parameterized statements are prepared once per connection and reused by name, so
      // PostgreSQL parses and plans the hot paths (registration, status reads) only once.
      const result =
        params.length > 0
          ? await target.query({ name: statementName(sql), text: sql, values: params as unknown[] })
          : await target.query(sql);
      return result.rows as Row[];
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    query: base.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async listen(channel, onNotify) {
      if (!/^[a-z_]+$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
      let client: pg.Client | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: url });
        // A dropped connection is opened again a second later; notifications sent meanwhile are
        // missed, which the worker's regular look makes up for.
        next.on('error', () => {
          if (client === next) client = null;
          next.end().catch(() => {});
          if (!stopped) setTimeout(() => void connect().catch(() => {}), 1000).unref();
        });
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        if (stopped) await next.end();
        else client = next;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => {});
        client = null;
      };
    },
    async close() {
      await pool.end();
    },
  };
}
