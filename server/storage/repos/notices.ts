import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import type { NewNotice, Notice, NoticeKind, NoticeRepo, SlaNoticeDue, SlaNoticeKind, SlaNoticeRepo } from '../mailTypes.js';

/** `added` hears of each notice written (the store tells its listeners once they are committed). */
export function noticeRepo(db: Kysely<Database>, d: SchemaDialect, added: (n: NewNotice) => void = () => {}): NoticeRepo {
  return {
    async add(n) {
      await db
        .insertInto('notices')
        .values({ ticket_id: n.ticketId, kind: n.kind, actor_id: n.actorId, data: JSON.stringify(n.data), created_at: n.createdAt })
        .execute();
      added(n);
    },
    async takePending(limit) {
      const rows = await db
        .selectFrom('notices')
        .selectAll()
        .where('done', '=', 0)
        .orderBy('id')
        .limit(limit)
        .$if(d.name === 'postgres', (q) => q.forUpdate().skipLocked())
        .execute();
      return rows.map(
        (r): Notice => ({
          id: Number(r.id),
          ticketId: Number(r.ticket_id),
          kind: r.kind as NoticeKind,
          actorId: r.actor_id,
          data: JSON.parse(r.data) as Record<string, unknown>,
          createdAt: r.created_at,
        }),
      );
    },
    async markDone(ids) {
      if (ids.length === 0) return;
      await db
        .updateTable('notices')
        .set({ done: 1 })
        .where('id', 'in', [...ids])
        .execute();
    },
  };
}

/** The four clocks' notices: which time column says when, and which tickets it applies to. */
const CLOCKS: readonly { notice: SlaNoticeKind; column: 'response_risk_at' | 'response_due_at' | 'resolve_risk_at' | 'resolve_due_at'; response: boolean }[] = [
  { notice: 'response_risk', column: 'response_risk_at', response: true },
  { notice: 'response_breach', column: 'response_due_at', response: true },
  { notice: 'resolve_risk', column: 'resolve_risk_at', response: false },
  { notice: 'resolve_breach', column: 'resolve_due_at', response: false },
];

export function slaNoticeRepo(db: Kysely<Database>): SlaNoticeRepo {
  return {
    async due(now, limit) {
      const out: SlaNoticeDue[] = [];
      for (const clock of CLOCKS) {
        const rows = await db
          .selectFrom('tickets as t')
          .select(['t.id', `t.${clock.column} as due`])
          .where('t.status', 'not in', ['resolved', 'closed'])
          .where('t.sla_paused', '=', 0)
          .where(`t.${clock.column}`, 'is not', null)
          .where(`t.${clock.column}`, '<=', now)
          .$if(clock.response, (q) => q.where('t.first_response_at', 'is', null))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('sla_notices as n')
                  .select(sql`1`.as('one'))
                  .whereRef('n.ticket_id', '=', 't.id')
                  .where('n.notice', '=', clock.notice)
                  .whereRef('n.due_at', '=', `t.${clock.column}`),
              ),
            ),
          )
          .orderBy('t.id')
          .limit(limit)
          .execute();
        for (const r of rows) out.push({ ticketId: Number(r.id), notice: clock.notice, dueAt: r.due as string });
      }
      return out;
    },
    async record(due) {
      const r = await db
        .insertInto('sla_notices')
        .values({ ticket_id: due.ticketId, notice: due.notice, due_at: due.dueAt })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
