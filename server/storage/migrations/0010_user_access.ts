import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Access that can be taken away: a user can be disabled or deleted (the row stays, so history
 * keeps its name), has an email, and a token version that every session token must carry: raising
 * it ends every session of that user at once. Enrollment tokens can be revoked.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('enrollment_tokens').addColumn('revoked_at', 'text').execute();
}
