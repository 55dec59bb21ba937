import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A search as one FTS5 phrase: the trigram tokenizer then matches it as a substring. */
export const textPhrase = (q: string) => `"${q.replace(/"/g, '""')}"`;

/**
 * Where a list's text search keeps its matches on SQLite, one per connection (the store opens
 * it). The page and its count both need the tickets the trigram index (migration 0028) finds;
 * each reading the index on its own took 10 ms of decoding apiece for a word in all 100,000
 * tickets and built the same 100,000-entry lookup twice: 50 ms for the open queue's first page.
 * Gathered once into a rowid table, the count and the page probe it in place: 33 ms.
 */
export const CREATE_TEXT_HITS = 'create temp table if not exists ticket_text_hits (id integer primary key)';

/**
 * Up to this many matches, the list reads the matching tickets by id and sorts them; past it,
 * it walks the queue's order and checks each ticket against the matches, which stops at a
 * page's worth. With 100,000 tickets, the open queue's count and page: 11 matches took 0.5 ms
 * read by id against 8.7 walked; 11,000 matches, 9 against 14; 100,000, 110 against 13.
 */
export const READ_HITS_BY_ID = 5000;

/** The matches of one search, gathered for the duration of one list. */
export interface TextHits {
  count: number;
}

/**
 * Runs `fn` with the tickets matching `q` in `ticket_text_hits`, on one connection held
 * throughout so that no other list's search replaces them meanwhile.
 */
export async function withTextHits<T>(db: Kysely<Database>, q: string, fn: (db: Kysely<Database>, hits: TextHits) => Promise<T>): Promise<T> {
  const run = async (c: Kysely<Database>) => {
    await sql`delete from temp.ticket_text_hits`.execute(c);
    const r = await sql`insert into temp.ticket_text_hits select rowid from tickets_text where tickets_text match ${textPhrase(q)}`.execute(c);
    try {
      return await fn(c, { count: Number(r.numAffectedRows ?? 0) });
    } finally {
      await sql`delete from temp.ticket_text_hits`.execute(c);
    }
  };
  // A transaction already holds the only connection.
  return db.isTransaction ? run(db) : db.connection().execute(run);
}

/** The tickets a list reads when its matches are few: the matches, each looked up by id. */
export const ticketsOfHits = () => sql<Database['tickets']>`(select t2.* from temp.ticket_text_hits h cross join tickets t2 on t2.id = h.id)`;

/**
 * The matches as a condition on `t` when they are many: "+t.id" keeps SQLite walking the
 * queue-order index and checking each ticket against the matches.
 */
export const inHits = () => sql<boolean>`+t.id in temp.ticket_text_hits`;
