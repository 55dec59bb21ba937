import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { deviceIdentity, hardwareSummary, type HardwareSummary } from '../../../shared/hardware.js';
import { InventoryDocument } from '../../../shared/inventory.js';
import { parseVersionRange } from '../../../shared/versionRange.js';
import type { SectionHashes } from '../../../shared/inventoryHash.js';
import { ConsentPolicy } from '../../../shared/roles.js';
import { containsPattern, escapeLike } from './like.js';
import type { Database, DevicesTable } from '../schema.js';
import type { Device, DeviceRepo, DeviceSort, InventoryChangeRecord } from '../types.js';
import { fleetSoftware } from './software.js';
import { replaceSoftware } from './deviceSoftware.js';
import { pageLimit } from './pageLimit.js';

type DeviceRow = Omit<Selectable<DevicesTable>, 'low_disk'>;

const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  hostname: r.hostname,
  os: r.os,
  platform: r.platform,
  agentVersion: r.agent_version,
  secretHash: r.secret_hash,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  online: r.online === 1,
  ownerNode: r.owner_node,
  lastSeen: r.last_seen,
  group: r.grp,
  consent: ConsentPolicy.catch('prompt').parse(r.consent),
  notes: r.notes,
  inventoryHash: r.inventory_hash,
  sectionHashes: r.section_hashes ? (JSON.parse(r.section_hashes) as SectionHashes) : null,
  inventoryAt: r.inventory_at,
  hardware: r.hardware ? (JSON.parse(r.hardware) as HardwareSummary) : null,
  name: r.display_name,
  ipAddress: r.ip_address,
  loggedUser: r.logged_user,
  serial: r.serial,
  findings: r.findings ? (JSON.parse(r.findings) as string[]) : [],
  health: r.health_at && r.memory_used_pct !== null ? { memoryUsedPct: Number(r.memory_used_pct), rebootPendingSince: r.reboot_pending_since, at: r.health_at } : null,
});

// Sort keys as SQL; text compared without case so "vm" and "VM" sit together. IP addresses sort
// as text: within one subnet's length that is their order, and exact order matters less than
// putting like with like.
const SORT_SQL: Record<DeviceSort, ReturnType<typeof sql>> = {
  name: sql`lower(coalesce(display_name, hostname))`,
  hostname: sql`lower(hostname)`,
  ip: sql`ip_address`,
  user: sql`lower(logged_user)`,
  serial: sql`lower(serial)`,
  os: sql`lower(os)`,
  agentVersion: sql`agent_version`,
  lastSeen: sql`last_seen`,
  enrolledAt: sql`enrolled_at`,
  group: sql`lower(grp)`,
};

/** Everything but the inventory document, which is large and read only on the detail view. */
const COLUMNS = [
  'id', 'hostname', 'os', 'platform', 'agent_version', 'secret_hash', 'enrolled_at', 'revoked_at', 'online',
  'last_seen', 'grp', 'consent', 'notes', 'inventory_hash', 'section_hashes', 'inventory_at', 'hardware', 'owner_node',
  'display_name', 'ip_address', 'logged_user', 'serial', 'findings', 'memory_used_pct', 'reboot_pending_since', 'health_at',
] as const;

/**
 * A version range as SQL on a package row: a series ("3.0.x", or a prefix "3.0.") as a prefix of
 * the version; comparisons on the version key, which sorts as versions do (3.0.13 after 3.0.2).
 * The range was checked at the edge; an unreadable one matches nothing.
 */
function versionCondition(text: string) {
  const range = parseVersionRange(text);
  if ('error' in range) return sql<boolean>`1 = 0`;
  if (range.kind === 'prefix') return sql<boolean>`coalesce(s.version, '') like ${`${escapeLike(range.prefix)}%`} escape '\\'`;
  const parts = [sql`s.version_key is not null`];
  if (range.lower) parts.push(range.lower.inclusive ? sql`s.version_key >= ${range.lower.key}` : sql`s.version_key > ${range.lower.key}`);
  if (range.upper) parts.push(range.upper.inclusive ? sql`s.version_key <= ${range.upper.key}` : sql`s.version_key < ${range.upper.key}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}


/** Device ids by `key`, each group with the latest time among its members. */
function groupBy<T extends { at: string }>(entries: ReadonlyMap<string, T>, key: (t: T) => string): Map<string, { ids: string[]; at: string }> {
  const groups = new Map<string, { ids: string[]; at: string }>();
  for (const [id, e] of entries) {
    const g = groups.get(key(e));
    if (!g) groups.set(key(e), { ids: [id], at: e.at });
    else {
      g.ids.push(id);
      if (e.at > g.at) g.at = e.at;
    }
  }
  return groups;
}

/**
 * Sets devices offline, but only this node's own: an agent that already reconnected to another
 * node stays online. The condition is written with coalesce(), not as `owner_node = ? or
 * owner_node is null`: SQLite served that OR from the owner_node index, reading every device the
 * node holds for each chunk of 500 ids (63 ms a chunk at 19,000 agents, 3 s of a reconnect
 * storm) instead of finding the 500 by id.
 */
export function offlineUpdate(db: Kysely<Database>, ids: readonly string[], nodeId: string, at: string) {
  return db
    .updateTable('devices')
    .set({ online: 0, owner_node: null, last_seen: at })
    .where('id', 'in', ids)
    .where(sql<boolean>`coalesce(owner_node, ${nodeId}) = ${nodeId}`);
}

export function deviceRepo(db: Kysely<Database>): DeviceRepo {
  return {
    async create(d) {
      await db
        .insertInto('devices')
        .values({
          id: d.id,
          hostname: d.hostname,
          platform: d.platform,
          agent_version: d.agentVersion,
          secret_hash: d.secretHash,
          enrolled_at: d.enrolledAt,
          online: 0,
          consent: 'prompt',
          notes: '',
        })
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('devices').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return r && toDevice(r);
    },
    async findByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('devices').select(COLUMNS).where('id', 'in', [...ids]).execute();
      return rows.map(toDevice);
    },
    async list(f) {
      let q = db.selectFrom('devices');
      if (!f.includeRevoked) q = q.where('revoked_at', 'is', null);
      if (f.online !== undefined) q = q.where('online', '=', f.online ? 1 : 0);
      if (f.group !== undefined) q = q.where('grp', '=', f.group);
      if (f.agentVersion !== undefined) q = q.where('agent_version', '=', f.agentVersion);
      if (f.lowDisk !== undefined) q = q.where('low_disk', '=', f.lowDisk ? 1 : 0);
      if (f.os) q = q.where(sql<string>`lower(coalesce(os, ''))`, 'like', sql<string>`${containsPattern(f.os)} escape '\\'`);
      if (f.finding) q = q.where('findings', 'like', `%${JSON.stringify(f.finding)}%`);
      const hasSoftware = (pattern: string, version = sql`1 = 1`) =>
        sql<boolean>`exists (select 1 from device_software s where s.device_id = devices.id and lower(s.name) like ${pattern} escape '\\' and ${version})`;
      if (f.software) q = q.where(hasSoftware(containsPattern(f.software), f.softwareVersion ? versionCondition(f.softwareVersion) : undefined));
      if (f.q) {
        const pattern = containsPattern(f.q);
        const like = (column: string) => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
        q = q.where((eb) => eb.or([like('hostname'), like('display_name'), like('ip_address'), like('logged_user'), like('serial'), hasSoftware(pattern)]));
      }
      const sort = SORT_SQL[f.sort ?? 'name'];
      const order = f.order === 'desc' ? sql`desc` : sql`asc`;
      // Empty values last whichever way the list is sorted; the id keeps pages stable. The page
      // is sorted on ids alone and only its rows are read whole: sorting every PC's whole row
      // took 29 ms of 5,000 PCs by IP address, the ids 2.6.
      const page = q.select('devices.id').orderBy(sql`${sort} is null`).orderBy(sql`${sort} ${order}`).orderBy('devices.id').limit(pageLimit(f.limit)).offset(f.offset);
      const [rows, total] = await Promise.all([
        db
          .selectFrom(page.as('p'))
          .innerJoin('devices as d', 'd.id', 'p.id')
          .select(COLUMNS.map((c) => `d.${c}` as const))
          .orderBy(sql`${sort} is null`)
          .orderBy(sql`${sort} ${order}`)
          .orderBy('d.id')
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { devices: rows.map(toDevice), total: Number(total.n) };
    },
    async update(id, u) {
      const set: Updateable<DevicesTable> = {};
      if (u.hostname !== undefined) set.hostname = u.hostname;
      if (u.os !== undefined) set.os = u.os;
      if (u.platform !== undefined) set.platform = u.platform;
      if (u.agentVersion !== undefined) set.agent_version = u.agentVersion;
      if (u.group !== undefined) set.grp = u.group;
      if (u.consent !== undefined) set.consent = u.consent;
      if (u.notes !== undefined) set.notes = u.notes;
      if (u.name !== undefined) set.display_name = u.name;
      if (Object.keys(set).length === 0) return (await this.findById(id)) !== undefined;
      const r = await db.updateTable('devices').set(set).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async revoke(id, at) {
      const r = await db
        .updateTable('devices')
        .set({ revoked_at: at, online: 0, owner_node: null })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // Out of the fleet's software view; the rows stay for the PC's own page and filters.
      await db.updateTable('device_software').set({ live: 0 }).where('device_id', '=', id).execute();
      return Number(r.numUpdatedRows) === 1;
    },
    async setPresence(changes, nodeId) {
      const groups = groupBy(changes, (c) => String(c.online));
      for (const [online, group] of groups) {
        if (online === 'true') {
          await db.updateTable('devices').set({ online: 1, owner_node: nodeId, last_seen: group.at }).where('id', 'in', group.ids).execute();
        } else {
          await offlineUpdate(db, group.ids, nodeId, group.at).execute();
        }
      }
    },
    async setHealth(id, h) {
      await db
        .updateTable('devices')
        .set({ memory_used_pct: h.memoryUsedPct, reboot_pending_since: h.rebootPendingSince, health_at: h.at })
        .where('id', '=', id)
        .execute();
    },
    async touch(lastSeen) {
      // Grouped by the second: a batch becomes a handful of statements, not one per device.
      const groups = groupBy(new Map([...lastSeen].map(([id, at]) => [id, { at }])), (c) => c.at.slice(0, 19));
      for (const group of groups.values()) {
        await db.updateTable('devices').set({ last_seen: group.at }).where('id', 'in', group.ids).execute();
      }
    },
    async markAllOffline() {
      await db.updateTable('devices').set({ online: 0, owner_node: null }).where('online', '=', 1).execute();
    },
    async storedInventory(id) {
      const r = await db.selectFrom('device_inventory').select('document').where('device_id', '=', id).executeTakeFirst();
      return r ? (JSON.parse(r.document) as InventoryDocument) : null;
    },
    async inventory(id) {
      const r = await db.selectFrom('device_inventory').select('document').where('device_id', '=', id).executeTakeFirst();
      if (!r) return null;
      const parsed = InventoryDocument.safeParse(JSON.parse(r.document));
      return parsed.success ? parsed.data : null;
    },
    async saveInventory(id, w) {
      const hardware = hardwareSummary(w.document);
      const identity = deviceIdentity(w.document);
      await db
        .updateTable('devices')
        .set({
          inventory_hash: w.hash,
          section_hashes: JSON.stringify(w.sectionHashes),
          inventory_at: w.at,
          hardware: JSON.stringify(hardware),
          low_disk: hardware.lowDisk ? 1 : 0,
          ip_address: identity.ipAddress,
          logged_user: identity.loggedUser,
          serial: identity.serial,
          hostname: w.document.os.hostname,
          os: [w.document.os.distro, w.document.os.release].filter(Boolean).join(' ') || w.document.os.platform,
        })
        .where('id', '=', id)
        .execute();
      const document = JSON.stringify(w.document);
      await db
        .insertInto('device_inventory')
        .values({ device_id: id, document })
        .onConflict((oc) => oc.column('device_id').doUpdateSet({ document }))
        .execute();
      if (w.changed.length > 0) {
        await db.insertInto('inventory_changes').values({ device_id: id, at: w.at, sections: JSON.stringify(w.changed), items: w.items ? JSON.stringify(w.items) : null }).execute();
      }
      if (w.software) await replaceSoftware(db, id, w.software, w.previousSoftware);
    },
    software: (f) => fleetSoftware(db, f),
    async changes(id, limit) {
      const rows = await db
        .selectFrom('inventory_changes')
        .select(['at', 'sections', 'items'])
        .where('device_id', '=', id)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r): InventoryChangeRecord => {
        const detail = r.items ? (JSON.parse(r.items) as { items: InventoryChangeRecord['items']; omitted: number }) : { items: [], omitted: 0 };
        return { at: r.at, sections: JSON.parse(r.sections) as InventoryChangeRecord['sections'], items: detail.items, omitted: detail.omitted };
      });
    },
  };
}
