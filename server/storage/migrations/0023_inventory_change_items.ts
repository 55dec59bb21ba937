import type { Kysely } from 'kysely';

/** The inventory history says what changed item by item (a package upgraded, memory added), not only which sections. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inventory_changes').addColumn('items', 'text').execute();
}
