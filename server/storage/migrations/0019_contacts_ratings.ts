import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The phone channel and the requester's verdict. People a technician takes a request from may
 * have no account: contacts, with a name and a phone number beside their email, who never sign
 * in (their password hash matches nothing). The requester rates a resolved ticket once (CSAT).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema.alterTable('users').addColumn('contact', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Senders turned into requesters by email to ticket were made without a usable password.
  await sql`update users set contact = 1 where password_hash = '!' and role = 'employee'`.execute(db);

  await db.schema
    .createTable('ticket_ratings')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addColumn('rated_by', 'text', (c) => c.notNull())
    .execute();
}
