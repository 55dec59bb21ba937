import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('ticket_diagnostics')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('bundle', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .execute();
}
