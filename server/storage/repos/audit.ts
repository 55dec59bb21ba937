import type { Kysely } from 'kysely';
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
    async list(q) {
      let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.actor) query = query.where('actor', '=', q.actor);
      if (q.before) query = query.where('id', '<', q.before);
      return (await query.execute()).map((r) => ({
        id: Number(r.id),
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: JSON.parse(r.details) as Record<string, unknown>,
      }));
    },
  };
}
