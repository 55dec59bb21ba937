import { sql, type Kysely } from 'kysely';
import { containsPattern } from './like.js';
import type { Database } from '../schema.js';
import type { AuditRepo } from '../types.js';

export function auditRepo(db: Kysely<Database>): AuditRepo {
  return {
    async append(e) {
      await db
        .insertInto('audit_log')
        .values({ at: e.at, actor: e.actor, action: e.action, target: e.target, details: JSON.stringify(e.details) })
        .execute();
    },
    async list(f) {
      let query = db.selectFrom('audit_log');
      if (f.action) query = query.where('action', '=', f.action);
      if (f.actor) query = query.where('actor', '=', f.actor);
      if (f.before) query = query.where('id', '<', f.before);
      if (f.from) query = query.where('at', '>=', f.from);
      if (f.to) query = query.where('at', '<', f.to);
      if (f.q) {
        const p = containsPattern(f.q);
        const like = (column: 'action' | 'actor' | 'target' | 'details') => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${p} escape '\\'`;
        query = query.where((eb) => eb.or([like('action'), like('actor'), like('target'), like('details')]));
      }
      const [rows, total] = await Promise.all([
        query.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset ?? 0).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(total.n),
        entries: rows.map((r) => ({
          id: Number(r.id),
          at: r.at,
          actor: r.actor,
          action: r.action,
          target: r.target,
          details: JSON.parse(r.details) as Record<string, unknown>,
        })),
      };
    },
  };
}
