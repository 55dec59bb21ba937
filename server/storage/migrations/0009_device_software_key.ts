import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/** Software rows are updated by name (only what changed, see repos/devices.ts): index them so, covering the version so the comparison reads the index alone. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.createIndex('device_software_device_name').on('device_software').columns(['device_id', 'name', 'version']).execute();
  await db.schema.dropIndex('device_software_device').execute();
}
