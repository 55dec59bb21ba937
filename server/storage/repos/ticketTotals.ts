import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.js';
import type { TicketFilter } from '../types.js';
import type { TextHits } from './ticketText.js';

/** An expression builder over the tickets as `t`, for the list's filter conditions. */
export type TicketEb = ExpressionBuilder<Database & { t: Database['tickets'] }, 't'>;

/** The tickets a list reads as `t`: the table, or a search's few matches (ticketText.ts). */
export type TicketSource = SelectQueryBuilder<Database & { t: Database['tickets'] }, 't', object>;

/** How many tickets the list's filters match (`X-Total-Count`), by the cheapest way there is. */
export async function countTickets(
  db: Kysely<Database>,
  tickets: TicketSource,
  f: TicketFilter,
  where: ((eb: TicketEb) => Expression<SqlBool>) | null,
  hits: TextHits | null,
): Promise<{ n: number | string | bigint }> {
  const { status, priority, assigneeId, requesterId, deviceId, slaState, q, category, tag } = f;
  const noOther = assigneeId === undefined && !requesterId && !deviceId && !slaState && !category && !tag && !f.createdFrom && !f.createdTo && !f.finding;
  const statuses = typeof status === 'string' ? [status] : status ? [...status] : null;

  // A text search alone: its matches, already gathered (ticketText.ts).
  if (hits && noOther && !priority && statuses === null) return { n: hits.count };

  // Filtered by status and priority alone (the queue, its tabs): the totals the database keeps
  // (migration 0028) instead of counting the matching tickets on every page.
  if (noOther && !q) {
    return db
      .selectFrom('ticket_counts')
      .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
      .$if(statuses !== null, (c) => c.where('status', 'in', statuses!))
      .$if(!!priority, (c) => c.where('priority', '=', priority!))
      .executeTakeFirstOrThrow();
  }
  return (where ? tickets.where(where) : tickets).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
}
