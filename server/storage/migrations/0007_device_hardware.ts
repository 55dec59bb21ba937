import type { Kysely } from 'kysely';
import { hardwareSummary } from '../../../shared/hardware.js';
import type { InventoryDocument } from '../../../shared/inventory.js';
import type { SchemaDialect } from '../dialect.js';

/** A hardware summary beside each device, so inventory lists and the low-disk filter never read whole documents. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('devices').addColumn('hardware', 'text').execute();
  await db.schema.alterTable('devices').addColumn('low_disk', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  const rows = (await db.selectFrom('devices').select(['id', 'inventory']).where('inventory', 'is not', null).execute()) as { id: string; inventory: string }[];
  for (const r of rows) {
    try {
      const summary = hardwareSummary(JSON.parse(r.inventory) as InventoryDocument);
      await db.updateTable('devices').set({ hardware: JSON.stringify(summary), low_disk: summary.lowDisk ? 1 : 0 }).where('id', '=', r.id).execute();
    } catch {
      // A document this version cannot read gets its summary with the next report.
    }
  }
}
