import type { Kysely, Selectable } from 'kysely';
import type { Database, TicketRatingsTable } from '../schema.js';
import type { RatingRepo, TicketRating } from '../types.js';

const toRating = (r: Selectable<TicketRatingsTable>): TicketRating => ({
  ticketId: Number(r.ticket_id),
  score: Number(r.score),
  comment: r.comment,
  ratedAt: r.rated_at,
  ratedBy: r.rated_by,
});

/** Chunks of ids per query: far below either engine's limit on bound parameters. */
const CHUNK = 500;

export function ratingRepo(db: Kysely<Database>): RatingRepo {
  return {
    async add(r) {
      const inserted = await db
        .insertInto('ticket_ratings')
        .values({ ticket_id: r.ticketId, score: r.score, comment: r.comment, rated_at: r.ratedAt, rated_by: r.ratedBy })
        .onConflict((oc) => oc.column('ticket_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async get(ticketId) {
      const r = await db.selectFrom('ticket_ratings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
      return r && toRating(r);
    },
    async forTickets(ids) {
      const out = new Map<number, TicketRating>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.selectFrom('ticket_ratings').selectAll().where('ticket_id', 'in', ids.slice(i, i + CHUNK)).execute();
        for (const r of rows) out.set(Number(r.ticket_id), toRating(r));
      }
      return out;
    },
  };
}
