/**
 * One small query interface over the two databases Payam runs on: the embedded PGlite (default)
 * and PostgreSQL (`DATABASE_URL`). Both take the same SQL with `$1` parameters.
 */

/** A value a query parameter may take. Objects go in as JSON text with a `::jsonb` cast; bytes (`bytea`) as a `Uint8Array`. */
export type SqlValue = string | number | boolean | null | Date | Uint8Array;

/** Something that runs parameterized SQL: the database, or one transaction on it. */
export interface Queryable {
  /** Runs one parameterized statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

/** A database: queries, transactions, migrations, closing. */
export interface Database extends Queryable {
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Closes the connections. */
  close(): Promise<void>;
  /** The connection pool's use now (PostgreSQL; PGlite has one connection and no pool). */
  pool?(): PoolUsage;
}

/** A connection pool's use at one moment. */
export interface PoolUsage {
  /** Connections open. */
  total: number;
  /** Open connections not in use. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

/** Whether an error is PostgreSQL's `unique_violation`. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
