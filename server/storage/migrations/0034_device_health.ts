import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/** What a PC's agent last said of its health (memory in use, a restart pending since when). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('devices').addColumn('memory_used_pct', 'real').execute();
  await db.schema.alterTable('devices').addColumn('reboot_pending_since', 'text').execute();
  await db.schema.alterTable('devices').addColumn('health_at', 'text').execute();
}
