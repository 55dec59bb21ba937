import type { Kysely } from 'kysely';
import { versionKey } from '../../../shared/versionRange.js';
import type { SchemaDialect } from '../dialect.js';

/**
 * Inventory filters on version ranges and on findings: each installed package gets a version
 * key that sorts as versions do (so ">=3.0 <3.1" is two comparisons on an index), and each
 * device the finding codes of its latest diagnostics bundle (a JSON list, found with a LIKE on
 * a quoted code, as ticket tags are).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('device_software').addColumn('version_key', 'text', (c) => d.bytewise(c)).execute();
  // One update per distinct version, each finding its rows through an index kept only for this.
  await db.schema.createIndex('device_software_version_backfill').on('device_software').column('version').execute();
  const versions = (await db.selectFrom('device_software').select('version').distinct().where('version', 'is not', null).execute()) as { version: string }[];
  for (const { version } of versions) {
    await db.updateTable('device_software').set({ version_key: versionKey(version) }).where('version', '=', version).execute();
  }
  await db.schema.dropIndex('device_software_version_backfill').execute();
  await db.schema.createIndex('device_software_name_key').on('device_software').columns(['name', 'version_key']).execute();

  await db.schema.alterTable('devices').addColumn('findings', 'text').execute();
  // Ticket ids grow with time: the last bundle per device is its latest.
  const bundles = (await db
    .selectFrom('ticket_diagnostics as g')
    .innerJoin('tickets as t', 't.id', 'g.ticket_id')
    .select(['t.device_id', 'g.findings'])
    .where('t.device_id', 'is not', null)
    .orderBy('g.ticket_id')
    .execute()) as { device_id: string; findings: string }[];
  const latest = new Map(bundles.map((b) => [b.device_id, b.findings]));
  for (const [id, findings] of latest) {
    let codes: string[] = [];
    try {
      codes = [...new Set((JSON.parse(findings) as { code: string }[]).map((f) => f.code))].sort();
    } catch {
      // A bundle this version cannot read leaves the device without findings until the next one.
    }
    await db.updateTable('devices').set({ findings: JSON.stringify(codes) }).where('id', '=', id).execute();
  }
}
