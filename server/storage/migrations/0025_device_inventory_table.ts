import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The inventory document moves out of the devices row into a table of its own. Kept inline, a
 * document of tens of kilobytes spilled into overflow pages that every scan of devices walked
 * to reach the columns stored after it: sorting 5,000 PCs by address read every document.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('device_inventory')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('document', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into device_inventory (device_id, document) select id, inventory from devices where inventory is not null`.execute(db);
  await db.schema.alterTable('devices').dropColumn('inventory').execute();
  // The inventory list sorts by when each PC was last seen.
  await db.schema.createIndex('devices_last_seen').on('devices').column('last_seen').execute();
}
