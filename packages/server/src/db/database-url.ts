/** Raised for a `DATABASE_URL` that cannot name a PostgreSQL database. The message says why. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** Where a connection string points: for messages, never with the password. */
export interface DatabaseAddress {
  /** The host name or address. */
  host: string;
  /** The TCP port (5432 unless given). */
  port: number;
  /** The database name. */
  database: string;
}

/**
 * Checks a `DATABASE_URL` before any connection: it must be a `postgres://` or `postgresql://`
 * URL with a host. Throws {@link DatabaseUrlError} naming the problem (empty, not a URL, another
 * database's scheme); never echoes a password.
 */
export function parseDatabaseUrl(value: string): DatabaseAddress {
  if (value.trim() === '') {
    throw new DatabaseUrlError('DATABASE_URL is set but empty. Unset it to use the embedded database (PGlite), or give a PostgreSQL URL such as postgres://user:password@host:5432/payam.');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new DatabaseUrlError('DATABASE_URL is not a URL. Give a PostgreSQL URL such as postgres://user:password@host:5432/payam.');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new DatabaseUrlError(`DATABASE_URL names a "${scheme}" database; Payam runs on PostgreSQL only (postgres://user:password@host:5432/payam).`);
  }
  // A socket directory may come as `?host=/var/run/postgresql` instead of the URL's host.
  const host = url.hostname || url.searchParams.get('host') || '';
  if (host === '') throw new DatabaseUrlError('DATABASE_URL has no host. Give a PostgreSQL URL such as postgres://user:password@host:5432/payam.');
  const port = url.port === '' ? 5432 : Number(url.port);
  return { host: host.replace(/^\[|\]$/g, ''), port, database: decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)' };
}
