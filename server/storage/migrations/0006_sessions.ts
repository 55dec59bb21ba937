import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('shell_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('technician_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('reason', 'text')
    .addColumn('consent_policy', 'text', (c) => c.notNull())
    .addColumn('consent_decision', 'text')
    .addColumn('consent_at', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('exit_code', 'integer')
    .addColumn('bytes_in', d.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_out', d.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('cols', 'integer', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('recording_file', 'text')
    .addColumn('recording_bytes', d.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('recording_truncated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('shell_sessions_device').on('shell_sessions').columns(['device_id', 'requested_at']).execute();
  await db.schema.createIndex('shell_sessions_ticket').on('shell_sessions').columns(['ticket_id']).execute();
  await db.schema.createIndex('shell_sessions_technician').on('shell_sessions').columns(['technician_id', 'requested_at']).execute();
}
