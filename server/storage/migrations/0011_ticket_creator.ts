import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Who opened a ticket, which is not always its requester (a technician opens one for an
 * employee). A ticket a technician opened herself does not let her into that PC (see
 * relay/terminal/access.ts). Tickets from before this column count as opened by their requester.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('created_by', 'text').execute();
  await db.updateTable('tickets').set((eb) => ({ created_by: eb.ref('requester_id') })).execute();
}
