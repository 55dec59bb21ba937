import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Email to ticket. Every ticket says how it reached the desk (its channel); every message read
 * from the mailbox is remembered by its Message-ID in the same transaction as what it made (a
 * ticket, a reply) or with why it made nothing, so a message read again after a crash is
 * recognised; attachments are kept with their ticket.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('channel', 'text', (c) => c.notNull().defaultTo('web')).execute();
  // Get-help requests from agents carry the device's id in their idempotency key; the rest came through the web.
  await sql`update tickets set channel = 'agent' where idempotency_key is not null and idempotency_key not like 'user:%'`.execute(db);

  await db.schema
    .createTable('inbound_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // ticket: opened one; comment: added to one; ignored: a robot's (loop, bounce); set_aside: an admin should look
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('inbound_messages_outcome').on('inbound_messages').columns(['outcome', 'received_at']).execute();

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('ticket_comments.id').onDelete('set null'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // Base64 text: the same on both engines and through export/import.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_attachments_ticket').on('ticket_attachments').column('ticket_id').execute();
}
