import { NodeHeartbeat, parseBusMessage } from '../../shared/protocol/cluster.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';
import type { ClusterBus } from './bus.js';

/** Every node says it is alive this often on NATS. */
const HEARTBEAT_MS = 1_000;
/** A node silent this long is taken for dead by the others: sessions through it end. */
const PEER_SILENT_MS = 5_000;
/**
 * The database lease: renewed this often, valid this long. A node killed outright has its
 * devices marked offline and its sessions ended by the others within TTL + renew interval.
 */
const LEASE_RENEW_MS = 2_000;
const LEASE_TTL_MS = 10_000;

export interface NodeInfo {
  id: string;
  url: string;
  startedAt: string;
}

/**
 * Which server processes are alive. Two signals, for two purposes: NATS heartbeats are fast
 * (live sessions through a dead node end within seconds), the lease in the database is what
 * survives every process (a dead node's devices go offline even if no node saw it die).
 */
export class Membership {
  private readonly peers = new Map<string, { url: string; lastHeard: number }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private sub: { stop(): void } | undefined;

  constructor(
    private readonly bus: ClusterBus,
    private readonly store: Store,
    readonly self: NodeInfo,
    private readonly logger: Logger,
    private readonly onLost: (nodeId: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.renewAndReap(true);
    this.sub = this.bus.subscribe(this.bus.subjects.heartbeat, (data) => {
      const beat = parseBusMessage(NodeHeartbeat, data);
      if (!beat) return;
      if (beat.id === this.self.id) return;
      if (!this.peers.has(beat.id)) this.logger.info({ node: beat.id, url: beat.url }, 'cluster node joined');
      this.peers.set(beat.id, { url: beat.url, lastHeard: Date.now() });
    });
    const beat = () => this.bus.publish(this.bus.subjects.heartbeat, JSON.stringify(this.self));
    beat();
    this.timers.push(setInterval(beat, HEARTBEAT_MS), setInterval(() => this.checkPeers(), HEARTBEAT_MS), setInterval(() => void this.renewAndReap(), LEASE_RENEW_MS));
    for (const t of this.timers) t.unref();
  }

  private checkPeers(): void {
    for (const [id, peer] of this.peers) {
      if (Date.now() - peer.lastHeard < PEER_SILENT_MS) continue;
      this.peers.delete(id);
      this.logger.warn({ node: id, url: peer.url }, 'cluster node stopped answering');
      this.onLost(id);
    }
  }

  private async renewAndReap(starting = false): Promise<void> {
    try {
      await this.store.cluster.renew(this.self, LEASE_TTL_MS);
      const dead = await this.store.cluster.reap(new Date().toISOString(), starting);
      for (const id of dead) {
        this.logger.warn({ node: id }, 'cluster node lease expired: its devices are offline, its sessions ended');
        if (this.peers.delete(id)) this.onLost(id);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not renew this node in the cluster table');
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.sub?.stop();
    await this.store.cluster.leave(this.self.id).catch(() => {});
  }
}
