import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * SLA policies become versions: every saved policy is kept, and each ticket names the version
 * it is measured against, so a change applies to tickets opened afterwards unless the admin
 * chooses to move the open ones. The policy saved so far becomes version 1 and the tickets of
 * the time keep it; without one, tickets name no version and run on the built-in default.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sla_policies')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.alterTable('tickets').addColumn('sla_policy', 'integer').execute();
  await sql`insert into sla_policies (version, policy, created_at) select 1, value, updated_at from settings where key = 'sla.policy'`.execute(db);
  await sql`update tickets set sla_policy = 1 where exists (select 1 from sla_policies)`.execute(db);
  await db.deleteFrom('settings').where('key', '=', 'sla.policy').execute();
}
