import type { Kysely } from 'kysely';
import { deviceIdentity } from '../../../shared/hardware.js';
import type { InventoryDocument } from '../../../shared/inventory.js';

/**
 * What tells PCs of one name apart in the inventory list: an admin's name for the PC, its IP
 * address, who is signed in and its serial number, kept beside the device (read from the latest
 * inventory) so the list sorts and filters on them without reading documents.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['display_name', 'ip_address', 'logged_user', 'serial']) {
    await db.schema.alterTable('devices').addColumn(column, 'text').execute();
  }
  const rows = (await db.selectFrom('devices').select(['id', 'inventory']).where('inventory', 'is not', null).execute()) as { id: string; inventory: string }[];
  for (const r of rows) {
    try {
      const id = deviceIdentity(JSON.parse(r.inventory) as InventoryDocument);
      await db.updateTable('devices').set({ ip_address: id.ipAddress, logged_user: id.loggedUser, serial: id.serial }).where('id', '=', r.id).execute();
    } catch {
      // A document this version cannot read gets its columns with the next report.
    }
  }
}
