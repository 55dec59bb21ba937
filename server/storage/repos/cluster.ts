import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';
import type { Database } from '../schema.js';

export interface ClusterNode {
  id: string;
  url: string;
  startedAt: string;
  leaseUntil: number;
}

/** The server processes sharing this database, each holding a lease it renews. */
export interface ClusterRepo {
  /** Takes or renews this node's lease for `ttlMs`, on the database's clock. */
  renew(node: Pick<ClusterNode, 'id' | 'url' | 'startedAt'>, ttlMs: number): Promise<void>;
  /**
   * Removes the nodes whose lease ran out, with what they held: devices connected to a node
   * that is gone go offline, and the sessions and file transfers it relayed end. Returns their ids.
   * The devices and sessions are looked through only when a node was removed, or with
   * `sweepAll` (a node starting: nodes may have vanished with no lease left to expire).
   */
  reap(at: string, sweepAll?: boolean): Promise<string[]>;
  leave(id: string): Promise<void>;
  nodes(): Promise<ClusterNode[]>;
}

/** Why a transfer relayed by a node that died ended. */
const TRANSFER_LOST = 'the server handling the transfer stopped';

export function clusterRepo(db: Kysely<Database>, d: SchemaDialect): ClusterRepo {
  // The database's clock, not the node's: a node whose clock is off neither expires the others
  // early nor keeps itself alive too long.
  const now = d.name === 'postgres' ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint` : sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
  const live = db.selectFrom('cluster_nodes').select('id');
  return {
    async renew(node, ttlMs) {
      const until = sql<number>`${now} + ${ttlMs}`;
      await db
        .insertInto('cluster_nodes')
        .values({ id: node.id, url: node.url, started_at: node.startedAt, lease_until: until })
        .onConflict((oc) => oc.column('id').doUpdateSet({ lease_until: until, url: node.url }))
        .execute();
    },
    reap(at, sweepAll = false) {
      return db.transaction().execute(async (trx) => {
        const dead = await trx.deleteFrom('cluster_nodes').where('lease_until', '<', now).returning('id').execute();
        // Every node renews every 2 s: scanning every device each time would be the fleet's cost, not the dead node's.
        if (dead.length === 0 && !sweepAll) return [];
        await trx
          .updateTable('devices')
          .set({ online: 0, owner_node: null })
          .where('online', '=', 1)
          .where((eb) => eb.or([eb('owner_node', 'is', null), eb('owner_node', 'not in', live)]))
          .execute();
        await trx
          .updateTable('shell_sessions')
          .set({ state: 'ended', ended_at: at, end_reason: 'server_lost' })
          .where('state', 'in', ['pending', 'active'])
          .where((eb) => eb.or([eb('node_id', 'is', null), eb('node_id', 'not in', live)]))
          .execute();
        await trx
          .updateTable('file_transfers')
          .set({ state: 'failed', error: TRANSFER_LOST, ended_at: at })
          .where('state', '=', 'running')
          .where((eb) => eb.or([eb('node_id', 'is', null), eb('node_id', 'not in', live)]))
          .execute();
        return dead.map((r) => r.id);
      });
    },
    async leave(id) {
      await db.deleteFrom('cluster_nodes').where('id', '=', id).execute();
    },
    async nodes() {
      const rows = await db.selectFrom('cluster_nodes').selectAll().orderBy('started_at').execute();
      return rows.map((r) => ({ id: r.id, url: r.url, startedAt: r.started_at, leaseUntil: Number(r.lease_until) }));
    },
  };
}
