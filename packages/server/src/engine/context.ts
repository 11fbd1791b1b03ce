import type { RequestActivity } from './activity.js';
import type { MatchRow } from '../duplicates/candidates.js';
import type { Database } from '../db/database.js';
import type { Catalog } from '../config/catalog.js';
import type { PublicAddress } from '../config/public-address.js';

/** A log line's fields. Never a phone number, a name or a token. */
export type LogFields = Record<string, string | number | boolean | null>;

/** Where the server writes what happens. */
export interface Logger {
  /** Something worth knowing. */
  info(message: string, fields?: LogFields): void;
  /** Something that went wrong. */
  error(message: string, fields?: LogFields): void;
}

/** What every part of the server works with: the database, the configuration, the clock, the log. */
export interface ServerContext {
  /** The database. */
  readonly db: Database;
  /** The configuration; replaced when an administrator changes a policy. */
  catalog: Catalog;
  /** The clock (tests move it). */
  readonly now: () => Date;
  /** The log. */
  readonly log: Logger;
  /** The server's secret key (seals citizen tokens for notification links). */
  readonly secretKey: Buffer;
  /** Where citizens and programs reach the server and the tracking pages: every emitted link is built from it. */
  address: PublicAddress;
  /** Whether a message is linked at registration to a first message it matches above the system's `linkAt` (default true). */
  readonly autoLinkDuplicates?: boolean;
  /** Where a registration leaves the duplicate search of its message, to run after it is answered (without one, it runs before). */
  duplicateLinks?: { add(row: MatchRow): void };
  /** When the server last began answering a request, for background work to yield to requests. */
  readonly activity?: RequestActivity;
}

/** An ISO instant from a database timestamp (a `Date` or a timestamp string). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** A log that prints one JSON line per entry on stdout/stderr, or nothing when quiet. */
export function createLogger(quiet: boolean): Logger {
  const write = (stream: NodeJS.WriteStream, level: string, message: string, fields?: LogFields) => {
    if (quiet) return;
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => write(process.stdout, 'info', message, fields),
    error: (message, fields) => write(process.stderr, 'error', message, fields),
  };
}
