import type { Kysely, Selectable } from 'kysely';
import { ScriptShell } from '../../../shared/api/scripts.js';
import type { Database, ScriptsTable } from '../schema.js';
import type { Script, ScriptRepo } from '../scriptTypes.js';

const toScript = (r: Selectable<ScriptsTable>): Script => ({
  id: Number(r.id),
  name: r.name,
  shell: ScriptShell.catch('sh').parse(r.shell),
  body: r.body,
  timeoutSeconds: Number(r.timeout_seconds),
  description: r.description,
  sha256: r.sha256,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const row = (s: Omit<Script, 'id'>) => ({
  name: s.name,
  shell: s.shell,
  body: s.body,
  timeout_seconds: s.timeoutSeconds,
  description: s.description,
  sha256: s.sha256,
  updated_at: s.updatedAt,
  updated_by: s.updatedBy,
});

export function scriptRepo(db: Kysely<Database>): ScriptRepo {
  return {
    async list() {
      return (await db.selectFrom('scripts').selectAll().orderBy('name').execute()).map(toScript);
    },
    async find(id) {
      const r = await db.selectFrom('scripts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toScript(r);
    },
    async add(s) {
      const r = await db.insertInto('scripts').values(row(s)).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async update(id, s) {
      const u = await db.updateTable('scripts').set(row(s)).where('id', '=', id).executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async delete(id) {
      const d = await db.deleteFrom('scripts').where('id', '=', id).executeTakeFirst();
      return Number(d.numDeletedRows) > 0;
    },
  };
}
