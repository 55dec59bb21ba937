/**
 * Whether a write failed on a unique constraint: SQLite (better-sqlite3) and PostgreSQL (pg)
 * say so differently. A caller that raced another writer to the same key reads the winner's row.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** SQLSTATE classes and codes that mean "the server cannot serve now", not "the query is wrong". */
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300|53400)/;
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'SQLITE_BUSY']);
const PG_DRIVER_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended/i;

/**
 * Whether a store call failed because the database is out of reach (restarting, network cut,
 * connections exhausted, SQLite locked past its timeout): the request may be repeated later, so
 * callers answer 503 rather than 500 and keep running.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NET_UNAVAILABLE.has(code) || PG_UNAVAILABLE.test(code))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && PG_DRIVER_MESSAGES.test(message);
}
