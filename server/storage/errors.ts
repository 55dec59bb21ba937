/**
 * Whether a write failed on a unique constraint: SQLite (better-sqlite3) and PostgreSQL (pg)
 * say so differently. A caller that raced another writer to the same key reads the winner's row.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
