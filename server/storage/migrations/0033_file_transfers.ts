import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/** Every file transfer to or from a PC: who, which file, how much, its SHA-256, how it ended. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('file_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('technician_id', 'text', (c) => c.notNull())
    .addColumn('technician', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'integer')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('archive', 'text')
    .addColumn('start_offset', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint')
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('file_transfers_device').on('file_transfers').columns(['device_id', 'started_at']).execute();
  await db.schema.createIndex('file_transfers_started').on('file_transfers').column('started_at').execute();
}
