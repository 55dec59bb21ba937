import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Several server processes on one database: each node announces itself with a lease renewed
 * on the database's clock (so a node whose own clock is off cannot expire the others); a device
 * records the node its agent is connected to, and a shell session the node its technician is on,
 * so the nodes that remain can tell what a dead one held.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('cluster_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // Milliseconds since the epoch, on the database's clock.
    .addColumn('lease_until', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('devices').addColumn('owner_node', 'text').execute();
  await db.schema.createIndex('devices_owner_node').on('devices').column('owner_node').execute();
  await db.schema.alterTable('shell_sessions').addColumn('node_id', 'text').execute();
}
