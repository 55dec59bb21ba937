import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * An index in exactly the queue's default order (running clocks first, soonest due, then newest),
 * so the first page of GET /api/v1/tickets (all, or of one status) is read from the index instead of sorting every
 * ticket. The expression must match the ORDER BY in repos/tickets.ts for the planner to use it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await sql`create index tickets_queue_order on tickets ((sla_due_at is null), sla_due_at, id desc)`.execute(db);
  await sql`create index tickets_status_queue_order on tickets (status, (sla_due_at is null), sla_due_at, id desc)`.execute(db);
  await db.schema.dropIndex('tickets_queue').execute();
  await db.schema.dropIndex('tickets_status').execute();
}
