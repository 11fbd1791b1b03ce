import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, SqlValue } from './database.js';
import { lockFolder } from './folder-lock.js';

/**
 * Opens the embedded PGlite database, in `dataDir` or in memory when `dataDir` is null. A folder is
 * locked for this process while it is open: a second process on it refuses to start.
 */
export async function openPglite(dataDir: string | null): Promise<Database> {
  const lock = dataDir ? lockFolder(resolve(dataDir)) : null;
  let db: PGlite;
  try {
    db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlValue[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
  });
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async exec(script) {
      await db.exec(script);
    },
    async close() {
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
