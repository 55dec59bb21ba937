import { sql } from 'kysely';

/**
 * A page size written into the SQL rather than bound as a parameter: SQLite plans a sorted,
 * limited subquery better when it knows the limit (the queue's first page of 100,000 tickets:
 * 385 → 333 µs), and page sizes are few, so the statement cache keeps one statement per size.
 * Offsets stay bound: they are many. Only a whole number is ever written.
 */
export function pageLimit(limit: number) {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`a page limit must be a whole number, not ${limit}`);
  return sql.lit(limit);
}
