import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', d.serial)
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('device_id', 'text', (c) => c.references('devices.id'))
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('first_response_at', 'text')
    .addColumn('resolved_at', 'text')
    // The SLA snapshot, recomputed from the events at every change (see server/sla/clock.ts).
    .addColumn('response_due_at', 'text')
    .addColumn('resolve_due_at', 'text')
    .addColumn('response_risk_at', 'text')
    .addColumn('resolve_risk_at', 'text')
    .addColumn('sla_paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_met', 'integer', (c) => c.notNull().defaultTo(0))
    // The earliest running due time: the queue's default order.
    .addColumn('sla_due_at', 'text')
    .execute();
  await db.schema.createIndex('tickets_queue').on('tickets').columns(['sla_due_at', 'id']).execute();
  await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'id']).execute();
  await db.schema.createIndex('tickets_status').on('tickets').columns(['status', 'sla_due_at']).execute();

  await db.schema
    .createTable('ticket_comments')
    .addColumn('id', 'integer', d.serial)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_comments_ticket').on('ticket_comments').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'integer', d.serial)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();
}
