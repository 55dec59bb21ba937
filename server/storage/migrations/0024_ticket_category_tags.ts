import type { Kysely } from 'kysely';

/**
 * Tickets get a category (one of the admin's list) and tags (short words, kept as a JSON list
 * of lowercase words, so a tag is found with a LIKE on its quoted form).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('category', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.createIndex('tickets_category').on('tickets').column('category').execute();
}
