import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * The queue's total, kept per status by the database itself (PostgreSQL only). Counting 100,000
 * tickets for every page of the queue is a scan on PostgreSQL (SQLite counts a b-tree at once):
 * at a thousand requests a second the count, not the page, was what the server waited on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  if (d.name !== 'postgres') return;
  await sql`create table ticket_status_counts (status text primary key, n bigint not null)`.execute(db);
  await sql`insert into ticket_status_counts (status, n) select status, count(*) from tickets group by status`.execute(db);
  await sql`
    create function ticket_status_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update ticket_status_counts set n = n - 1 where status = old.status;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into ticket_status_counts (status, n) values (new.status, 1)
          on conflict (status) do update set n = ticket_status_counts.n + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger ticket_status_counts_insert_delete after insert or delete on tickets for each row execute function ticket_status_counts_apply()`.execute(db);
  await sql`create trigger ticket_status_counts_update after update of status on tickets for each row when (old.status is distinct from new.status) execute function ticket_status_counts_apply()`.execute(db);
}
