import type { Kysely } from 'kysely';
import type { SavedFilter, SavedFilterRepo } from '../accessTypes.js';
import type { Database } from '../schema.js';

interface Row {
  id: number;
  owner_id: string;
  username: string;
  kind: string;
  name: string;
  query: string;
  shared: number;
  created_at: string;
}

const toFilter = (r: Row): SavedFilter => ({
  id: Number(r.id),
  ownerId: r.owner_id,
  owner: r.username,
  kind: r.kind as SavedFilter['kind'],
  name: r.name,
  query: r.query,
  shared: Number(r.shared) === 1,
  createdAt: r.created_at,
});

export function savedFilterRepo(db: Kysely<Database>): SavedFilterRepo {
  const select = () =>
    db
      .selectFrom('saved_filters as f')
      .innerJoin('users as u', 'u.id', 'f.owner_id')
      .select(['f.id', 'f.owner_id', 'u.username', 'f.kind', 'f.name', 'f.query', 'f.shared', 'f.created_at']);
  return {
    async list(userId, kind) {
      const rows = await select()
        .where('f.kind', '=', kind)
        .where((eb) => eb.or([eb('f.owner_id', '=', userId), eb('f.shared', '=', 1)]))
        .orderBy('f.name')
        .orderBy('f.id')
        .execute();
      return rows.map(toFilter);
    },
    async save(f) {
      // One statement, so two saves of one name at once leave one filter, the later one.
      const r = await db
        .insertInto('saved_filters')
        .values({ owner_id: f.ownerId, kind: f.kind, name: f.name, query: f.query, shared: f.shared ? 1 : 0, created_at: f.createdAt })
        .onConflict((oc) => oc.columns(['owner_id', 'kind', 'name']).doUpdateSet((eb) => ({ query: eb.ref('excluded.query'), shared: eb.ref('excluded.shared') })))
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async count(ownerId, kind) {
      const r = await db.selectFrom('saved_filters').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', ownerId).where('kind', '=', kind).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async find(id) {
      const r = await select().where('f.id', '=', id).executeTakeFirst();
      return r && toFilter(r);
    },
    async delete(id) {
      const r = await db.deleteFrom('saved_filters').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
