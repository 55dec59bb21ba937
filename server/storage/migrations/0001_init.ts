import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

// Migrations take Kysely<any>: they describe the schema as it was at their time, not as the
// current table types say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('enrollment_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('uses_left', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('os', 'text')
    .addColumn('platform', 'text')
    .addColumn('agent_version', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen', 'text')
    .addColumn('grp', 'text')
    .addColumn('consent', 'text', (c) => c.notNull().defaultTo('prompt'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('inventory', 'text')
    .addColumn('inventory_hash', 'text')
    .addColumn('section_hashes', 'text')
    .addColumn('inventory_at', 'text')
    .execute();
  await db.schema.createIndex('devices_hostname').on('devices').column('hostname').execute();

  await db.schema
    .createTable('inventory_changes')
    .addColumn('id', 'integer', d.serial)
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inventory_changes_device').on('inventory_changes').columns(['device_id', 'id']).execute();

  await db.schema
    .createTable('device_software')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text')
    .execute();
  await db.schema.createIndex('device_software_device').on('device_software').column('device_id').execute();
  await db.schema.createIndex('device_software_name').on('device_software').column('name').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', d.serial)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
}
