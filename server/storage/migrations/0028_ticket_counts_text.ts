import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * What the queue's pages wait on, kept by the database itself.
 *
 * Totals per status and priority (replacing 0016's per-status totals on PostgreSQL, and new on
 * SQLite): the queue's `X-Total-Count` for the open queue of one priority was a count of 20,000
 * rows on every page. Kept by triggers, so every way a ticket is written (repositories, import)
 * keeps them right.
 *
 * On SQLite, a trigram full-text index of summary and details: a text search counted and walked
 * every ticket with LIKE. The trigram tokenizer matches any substring of three characters or
 * more, without case, which is what the LIKE did; shorter searches still use LIKE.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await sql`create table ticket_counts (status text not null, priority text not null, n bigint not null, primary key (status, priority))`.execute(db);
  await sql`insert into ticket_counts (status, priority, n) select status, priority, count(*) from tickets group by status, priority`.execute(db);
  if (d.name === 'postgres') {
    await sql`drop trigger ticket_status_counts_insert_delete on tickets`.execute(db);
    await sql`drop trigger ticket_status_counts_update on tickets`.execute(db);
    await sql`drop function ticket_status_counts_apply()`.execute(db);
    await sql`drop table ticket_status_counts`.execute(db);
    await sql`
      create function ticket_counts_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update ticket_counts set n = n - 1 where status = old.status and priority = old.priority;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into ticket_counts (status, priority, n) values (new.status, new.priority, 1)
            on conflict (status, priority) do update set n = ticket_counts.n + 1;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger ticket_counts_insert_delete after insert or delete on tickets for each row execute function ticket_counts_apply()`.execute(db);
    await sql`create trigger ticket_counts_update after update of status, priority on tickets for each row
              when (old.status is distinct from new.status or old.priority is distinct from new.priority) execute function ticket_counts_apply()`.execute(db);
    return;
  }
  const add = sql`insert into ticket_counts (status, priority, n) values (new.status, new.priority, 1) on conflict (status, priority) do update set n = n + 1`;
  const remove = sql`update ticket_counts set n = n - 1 where status = old.status and priority = old.priority`;
  await sql`create trigger ticket_counts_insert after insert on tickets begin ${add}; end`.execute(db);
  await sql`create trigger ticket_counts_delete after delete on tickets begin ${remove}; end`.execute(db);
  await sql`create trigger ticket_counts_update after update of status, priority on tickets
            when old.status is not new.status or old.priority is not new.priority begin ${remove}; ${add}; end`.execute(db);

  await sql`create virtual table tickets_text using fts5(summary, details, content = 'tickets', content_rowid = 'id', tokenize = 'trigram')`.execute(db);
  await sql`insert into tickets_text (rowid, summary, details) select id, summary, details from tickets`.execute(db);
  await sql`create trigger tickets_text_insert after insert on tickets begin
              insert into tickets_text (rowid, summary, details) values (new.id, new.summary, new.details); end`.execute(db);
  await sql`create trigger tickets_text_delete after delete on tickets begin
              insert into tickets_text (tickets_text, rowid, summary, details) values ('delete', old.id, old.summary, old.details); end`.execute(db);
  await sql`create trigger tickets_text_update after update of summary, details on tickets begin
              insert into tickets_text (tickets_text, rowid, summary, details) values ('delete', old.id, old.summary, old.details);
              insert into tickets_text (rowid, summary, details) values (new.id, new.summary, new.details); end`.execute(db);
}
