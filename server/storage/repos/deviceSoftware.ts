import type { Kysely } from 'kysely';
import type { SoftwareEntry } from '../../../shared/inventory.js';
import { versionKey } from '../../../shared/versionRange.js';
import type { Database } from '../schema.js';

const SOFTWARE_BATCH = 200;

/**
 * Brings the device's software rows to `software`. A report usually differs from the last by a
 * few updated packages, so only the names whose entries changed are rewritten: rewriting a
 * thousand rows for one update made ingest six times slower.
 */
export async function replaceSoftware(db: Kysely<Database>, id: string, software: SoftwareEntry[], previous?: readonly SoftwareEntry[]): Promise<void> {
  // The rows as they are; the previous report's list when the caller has it (the same entries):
  // reading 800 rows back was a sixth of the time a changed report took to store.
  const stored = previous ?? (await db.selectFrom('device_software').select(['name', 'version']).where('device_id', '=', id).execute());
  // A name is rewritten when its versions differ; most names have one, compared directly, and
  // the few with several (multi-arch packages) are compared sorted.
  const byName = (rows: readonly { name: string; version: string | null }[]) => {
    const m = new Map<string, (string | null)[]>();
    for (const r of rows) {
      const versions = m.get(r.name);
      // A version reported twice is one row.
      if (versions) {
        if (!versions.includes(r.version)) versions.push(r.version);
      } else m.set(r.name, [r.version]);
    }
    return m;
  };
  const same = (a: (string | null)[] | undefined, b: (string | null)[] | undefined) =>
    a !== undefined && b !== undefined && a.length === b.length && (a.length === 1 ? a[0] === b[0] : JSON.stringify([...a].sort()) === JSON.stringify([...b].sort()));
  const before = byName(stored);
  const after = byName(software);
  const changedNames = new Set<string>();
  for (const [name, versions] of after) if (!same(before.get(name), versions)) changedNames.add(name);
  for (const name of before.keys()) if (!after.has(name)) changedNames.add(name);
  if (changedNames.size === 0) return;
  const names = [...changedNames];
  for (let i = 0; i < names.length; i += SOFTWARE_BATCH) {
    await db.deleteFrom('device_software').where('device_id', '=', id).where('name', 'in', names.slice(i, i + SOFTWARE_BATCH)).execute();
  }
  // A name's rows are written together: each version once, the first marked as the PC's row of that name.
  const rows: { device_id: string; name: string; version: string | null; version_key: string | null; first_of_name: number }[] = [];
  for (const name of changedNames) {
    (after.get(name) ?? []).forEach((version, i) => rows.push({ device_id: id, name, version, version_key: versionKey(version), first_of_name: i === 0 ? 1 : 0 }));
  }
  for (let i = 0; i < rows.length; i += SOFTWARE_BATCH) {
    await db.insertInto('device_software').values(rows.slice(i, i + SOFTWARE_BATCH)).execute();
  }
}
