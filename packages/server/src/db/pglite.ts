import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, SqlValue } from './database.js';

/** Opens the embedded PGlite database, in `dataDir` or in memory when `dataDir` is null. */
export async function openPglite(dataDir: string | null): Promise<Database> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
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
      await db.close();
    },
  };
}
