import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * The server process relaying a file transfer: in a cluster, a node that dies ends its running
 * transfers with its sessions (cluster repo `reap`), instead of leaving them "running" for good.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema.alterTable('file_transfers').addColumn('node_id', 'text').execute();
}
