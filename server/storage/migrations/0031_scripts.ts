import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/** The script library: named scripts with their shell and timeout, each version known by its hash. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('scripts')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('shell', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}
