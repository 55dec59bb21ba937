import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/** Named filters of the inventory and the queue, kept per technician (and shared or not) rather than per browser. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('saved_filters')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('saved_filters_owner_kind_name', ['owner_id', 'kind', 'name'])
    .execute();
  await db.schema.createIndex('saved_filters_kind').on('saved_filters').columns(['kind', 'shared']).execute();
}
