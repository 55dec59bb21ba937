import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { Channel, Priority, SlaState, TicketStatus } from '../../../shared/api/tickets.js';
import type { DiagnosticsBundle, Finding } from '../../../shared/diagnostics/bundle.js';
import { pageLimit } from './pageLimit.js';
import { slaConditions, ticketFilter } from './ticketFilter.js';
import { READ_HITS_BY_ID, ticketsOfHits, withTextHits, type TextHits } from './ticketText.js';
import { countTickets } from './ticketTotals.js';
import type { SchemaDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import type { Ticket, TicketFilter, TicketRepo } from '../types.js';

const flag = (b: boolean) => (b ? 1 : 0);

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('users as r', 'r.id', 't.requester_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id');
}

type Row = Awaited<ReturnType<typeof selectRows>>[number];
function selectRows(q: ReturnType<typeof baseQuery>) {
  return q.selectAll('t').select(['r.username as requester_name', 'a.username as assignee_name']).execute();
}

const toTicket = (r: Row): Ticket => ({
  id: Number(r.id),
  summary: r.summary,
  details: r.details,
  priority: Priority.parse(r.priority),
  status: TicketStatus.parse(r.status),
  requesterId: r.requester_id,
  requesterName: r.requester_name,
  createdById: r.created_by ?? r.requester_id,
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
  deviceId: r.device_id,
  channel: Channel.parse(r.channel),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
  sla: {
    responseDueAt: r.response_due_at,
    resolveDueAt: r.resolve_due_at,
    responseRiskAt: r.response_risk_at,
    resolveRiskAt: r.resolve_risk_at,
    paused: r.sla_paused === 1,
    breached: r.sla_breached === 1,
    met: r.sla_met === 1,
  },
  category: r.category,
  tags: JSON.parse(r.tags) as string[],
});


/** A page of the queue and the total its filters match; `hits` as in ticketFilter(). */
async function listTickets(db: Kysely<Database>, dialect: SchemaDialect, f: TicketFilter, hits: TextHits | null): Promise<{ tickets: Ticket[]; total: number }> {
  const where = ticketFilter(f, hits);
  const tickets = hits && hits.count <= READ_HITS_BY_ID ? db.selectFrom(ticketsOfHits().as('t')) : db.selectFrom('tickets as t');
  // The page is found on the tickets alone and only its rows are joined to their people:
  // joined first, SQLite joined every matching ticket before sorting (34 ms for the open
  // queue of 100,000 instead of 0.5). Running clocks first, soonest due first; then stopped
  // or paused tickets, newest first: index tickets_queue_order (migration 0008) has this order.
  const page = (where ? tickets.where(where) : tickets)
    .selectAll('t')
    .orderBy(sql`t.sla_due_at is null`)
    .orderBy('t.sla_due_at')
    .orderBy('t.id', 'desc')
    .limit(pageLimit(f.limit))
    .offset(f.offset);
  const rows = db
    .selectFrom(page.as('t'))
    .innerJoin('users as r', 'r.id', 't.requester_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .selectAll('t')
    .select(['r.username as requester_name', 'a.username as assignee_name'])
    .orderBy(sql`t.sla_due_at is null`)
    .orderBy('t.sla_due_at')
    .orderBy('t.id', 'desc')
    .execute();
  const [found, total] = await Promise.all([rows, countTickets(db, tickets, f, where, hits)]);
  return { tickets: found.map((r) => toTicket(r as Row)), total: Number(total.n) };
}

export function ticketRepo(db: Kysely<Database>, dialect: SchemaDialect): TicketRepo {
  return {
    async create(t) {
      const r = await db
        .insertInto('tickets')
        .values({
          summary: t.summary,
          details: t.details,
          priority: t.priority,
          status: t.status,
          requester_id: t.requesterId,
          created_by: t.createdById,
          channel: t.channel,
          device_id: t.deviceId,
          idempotency_key: t.idempotencyKey,
          created_at: t.createdAt,
          updated_at: t.createdAt,
          sla_policy: t.slaPolicy ?? null,
          category: t.category ?? null,
          tags: JSON.stringify(t.tags ?? []),
          sla_paused: 0,
          sla_breached: 0,
          sla_met: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async findById(id) {
      const [r] = await selectRows(baseQuery(db).where('t.id', '=', id));
      return r && toTicket(r);
    },
    async findByIdempotencyKey(key) {
      const [r] = await selectRows(baseQuery(db).where('t.idempotency_key', '=', key));
      return r && toTicket(r);
    },
    async list(f) {
      // On SQLite a search of three characters or more reads the trigram index once (ticketText.ts).
      if (f.q && dialect.name === 'sqlite' && [...f.q].length >= 3) return withTextHits(db, f.q, (c, hits) => listTickets(c, dialect, f, hits));
      return listTickets(db, dialect, f, null);
    },
    async openCounts(now) {
      const c = slaConditions(now);
      const state = sql<string>`case when ${c.breached} then 'breached' when ${c.met} then 'met' when ${c.paused} then 'paused' when ${c.at_risk} then 'at_risk' else 'ok' end`;
      const rows = await db
        .selectFrom('tickets as t')
        .select((eb) => ['t.priority', state.as('sla_state'), eb.fn.countAll<number>().as('n')])
        .where('t.status', 'not in', ['resolved', 'closed'])
        .groupBy(['t.priority', sql`sla_state`])
        .execute();
      return rows.map((r) => ({ priority: Priority.parse(r.priority), slaState: SlaState.parse(r.sla_state), count: Number(r.n) }));
    },
    async activeIds() {
      const rows = await db.selectFrom('tickets').select('id').where('status', '!=', 'closed').execute();
      return rows.map((r) => Number(r.id));
    },
    async createdBetween(from, to) {
      return (await selectRows(baseQuery(db).where('t.created_at', '>=', from).where('t.created_at', '<', to).orderBy('t.id'))).map(toTicket);
    },
    async update(id, u) {
      await db
        .updateTable('tickets')
        .set({
          ...(u.updatedAt !== undefined ? { updated_at: u.updatedAt } : {}),
          ...(u.status !== undefined ? { status: u.status } : {}),
          ...(u.priority !== undefined ? { priority: u.priority } : {}),
          ...(u.assigneeId !== undefined ? { assignee_id: u.assigneeId } : {}),
          ...(u.firstResponseAt !== undefined ? { first_response_at: u.firstResponseAt } : {}),
          ...(u.resolvedAt !== undefined ? { resolved_at: u.resolvedAt } : {}),
          ...(u.category !== undefined ? { category: u.category } : {}),
          ...(u.tags !== undefined ? { tags: JSON.stringify(u.tags) } : {}),
          ...(u.sla
            ? {
                response_due_at: u.sla.responseDueAt,
                resolve_due_at: u.sla.resolveDueAt,
                response_risk_at: u.sla.responseRiskAt,
                resolve_risk_at: u.sla.resolveRiskAt,
                sla_paused: flag(u.sla.paused),
                sla_breached: flag(u.sla.breached),
                sla_met: flag(u.sla.met),
                sla_due_at: [u.sla.responseDueAt, u.sla.resolveDueAt].filter((x): x is string => x !== null).sort()[0] ?? null,
              }
            : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    async addEvent(ticketId, e) {
      await db
        .insertInto('ticket_events')
        .values({ ticket_id: ticketId, at: e.at, actor: e.actor, type: e.type, data: JSON.stringify(e.data) })
        .execute();
    },
    async events(ticketId) {
      const rows = await db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
      return rows.map((r) => ({ at: r.at, actor: r.actor, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
    },
    async addComment(ticketId, c) {
      const r = await db
        .insertInto('ticket_comments')
        .values({ ticket_id: ticketId, author_id: c.authorId, body: c.body, internal: flag(c.internal), created_at: c.createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async attachDiagnostics(ticketId, bundle, findings) {
      await db.insertInto('ticket_diagnostics').values({ ticket_id: ticketId, bundle: JSON.stringify(bundle), findings: JSON.stringify(findings) }).execute();
      // The PC's findings are those of its latest bundle: the inventory filters on them.
      const codes = [...new Set(findings.map((f) => f.code))].sort();
      await db
        .updateTable('devices')
        .set({ findings: JSON.stringify(codes) })
        .where('id', '=', (eb) => eb.selectFrom('tickets').select('device_id').where('id', '=', ticketId))
        .execute();
    },
    async diagnostics(ticketId) {
      const r = await db.selectFrom('ticket_diagnostics').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
      return r ? { bundle: JSON.parse(r.bundle) as DiagnosticsBundle, findings: JSON.parse(r.findings) as Finding[] } : null;
    },
    async comments(ticketId) {
      const rows = await db
        .selectFrom('ticket_comments as c')
        .innerJoin('users as u', 'u.id', 'c.author_id')
        .selectAll('c')
        .select('u.username')
        .where('c.ticket_id', '=', ticketId)
        .orderBy('c.id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        authorId: r.author_id,
        authorName: r.username,
        body: r.body,
        internal: r.internal === 1,
        createdAt: r.created_at,
      }));
    },
  };
}
