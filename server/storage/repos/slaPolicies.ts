import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SlaPolicyRepo, SlaPolicyVersion } from '../types.js';

/**
 * Versions never change once saved, so each is read from the database once per store: every
 * ticket change recomputes its SLA against its own version.
 */
export type SlaPolicyCache = Map<number, SlaPolicyVersion>;

const ASSIGN_BATCH = 500;

export function slaPolicyRepo(db: Kysely<Database>, cache: SlaPolicyCache): SlaPolicyRepo {
  const toVersion = (r: { version: number; policy: string; created_at: string; created_by: string | null }): SlaPolicyVersion => ({
    version: Number(r.version),
    policy: JSON.parse(r.policy) as unknown,
    createdAt: r.created_at,
    createdBy: r.created_by,
  });
  return {
    async latest() {
      const r = await db.selectFrom('sla_policies').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
      return r && toVersion(r);
    },
    async get(version) {
      const cached = cache.get(version);
      if (cached) return cached;
      const r = await db.selectFrom('sla_policies').selectAll().where('version', '=', version).executeTakeFirst();
      if (!r) return undefined;
      const v = toVersion(r);
      cache.set(version, v);
      return v;
    },
    async add(policy, at, by) {
      const r = await db.selectFrom('sla_policies').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      const version = Number(r?.v ?? 0) + 1;
      await db.insertInto('sla_policies').values({ version, policy: JSON.stringify(policy), created_at: at, created_by: by }).execute();
      return version;
    },
    async versionOf(ticketId) {
      const r = await db.selectFrom('tickets').select('sla_policy').where('id', '=', ticketId).executeTakeFirst();
      return r?.sla_policy == null ? null : Number(r.sla_policy);
    },
    async assign(ticketIds, version) {
      for (let i = 0; i < ticketIds.length; i += ASSIGN_BATCH) {
        await db.updateTable('tickets').set({ sla_policy: version }).where('id', 'in', ticketIds.slice(i, i + ASSIGN_BATCH)).execute();
      }
    },
  };
}
