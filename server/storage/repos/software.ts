import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { FleetSoftware } from '../types.js';
import { containsPattern } from './like.js';

/**
 * Every distinct package across the fleet (PCs not revoked), most widespread first, with the
 * number of PCs per version: "which PCs still run OpenSSL 3.0.x" starts here. Read from the
 * index device_software_fleet alone (migration 0029): a PC's rows of one name hold each version
 * once and mark the first, so PCs per package are a sum and PCs per version a count.
 */
export async function fleetSoftware(db: Kysely<Database>, f: { q?: string; limit: number; offset: number }): Promise<{ items: FleetSoftware[]; total: number }> {
  let base = db.selectFrom('device_software as s').where('s.live', '=', 1);
  if (f.q) base = base.where(sql<string>`lower(s.name)`, 'like', sql<string>`${containsPattern(f.q)} escape '\\'`);
  const [page, total] = await Promise.all([
    base
      .select(['s.name', sql<number>`sum(s.first_of_name)`.as('n')])
      .groupBy('s.name')
      .orderBy(sql`sum(s.first_of_name)`, 'desc')
      .orderBy('s.name')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select(sql<number>`count(distinct s.name)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = page.map((r) => r.name);
  const versions =
    names.length === 0
      ? []
      : await base
          .where('s.name', 'in', names)
          .select(['s.name', 's.version', sql<number>`count(*)`.as('n')])
          .groupBy(['s.name', 's.version'])
          .orderBy('s.name')
          .orderBy(sql`count(*)`, 'desc')
          .orderBy('s.version')
          .execute();
  const byName = new Map<string, FleetSoftware['versions']>();
  for (const v of versions) {
    const list = byName.get(v.name) ?? [];
    list.push({ version: v.version, devices: Number(v.n) });
    byName.set(v.name, list);
  }
  return { items: page.map((r) => ({ name: r.name, devices: Number(r.n), versions: byName.get(r.name) ?? [] })), total: Number(total.n) };
}
