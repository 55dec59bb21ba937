import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * The fleet's software view read from one index instead of grouping every package row joined
 * to its device (130 ms for 5,000 PCs): a package row says whether its PC counts (`live`: not
 * revoked) and whether it is the PC's first row of that name (`first_of_name`), so PCs per
 * package are a sum and PCs per version a count. Identical rows (a package reported twice in
 * one version) are kept once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  if (d.name === 'postgres') {
    await sql`delete from device_software a using device_software b
              where a.ctid > b.ctid and a.device_id = b.device_id and a.name = b.name and a.version is not distinct from b.version`.execute(db);
  } else {
    await sql`delete from device_software where rowid not in (select min(rowid) from device_software group by device_id, name, version)`.execute(db);
  }
  await db.schema.alterTable('device_software').addColumn('live', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('device_software').addColumn('first_of_name', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  if (d.name === 'postgres') {
    await sql`update device_software set first_of_name = 1 where ctid in (select distinct on (device_id, name) ctid from device_software order by device_id, name, version)`.execute(db);
  } else {
    await sql`update device_software set first_of_name = 1 where rowid in (select min(rowid) from device_software group by device_id, name)`.execute(db);
  }
  await sql`update device_software set live = 0 where device_id in (select id from devices where revoked_at is not null)`.execute(db);
  await db.schema.createIndex('device_software_fleet').on('device_software').columns(['live', 'name', 'version', 'first_of_name']).execute();
}
