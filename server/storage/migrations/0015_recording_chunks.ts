import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Session recordings in the database, in chunks appended as the session goes: on PostgreSQL
 * every node of a cluster can play every recording (see sessions/recordingStore.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('recording_chunks')
    .addColumn('session_id', 'text', (c) => c.notNull().references('shell_sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recording_chunks_pk', ['session_id', 'seq'])
    .execute();
}
