import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Counters for rate limits and sign-in throttling, in the store every node shares: a guesser
 * spreading attempts over a cluster's nodes meets the same limit as on one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    // Milliseconds since the epoch at which the count starts over.
    .addColumn('window_end', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('counters_window_end').on('counters').column('window_end').execute();
}
