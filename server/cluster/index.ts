import { Broadcast, parseBusMessage } from '../../shared/protocol/cluster.js';
import { CloseCode } from '../../shared/protocol/index.js';
import type { AgentDirectory } from '../deps.js';
import type { Logger } from '../logger.js';
import type { AgentHub } from '../relay/agentHub.js';
import type { TerminalRelay } from '../relay/terminal/relay.js';
import type { Store } from '../storage/types.js';
import { connectBus, type ClusterBus } from './bus.js';
import { Membership, type NodeInfo } from './membership.js';
import { RemoteShells, type RemoteShellSink } from './remoteShell.js';
import type { FileTransfers } from '../files/transfers.js';

export interface Cluster {
  readonly bus: ClusterBus;
  readonly membership: Membership;
  /** The hub as the rest of the server sees it: presence from the store, revocation everywhere. */
  readonly directory: AgentDirectory;
  /** A user's access changed: their shells end on every node. */
  accessChanged(userId: string): void;
  stop(): Promise<void>;
}

/**
 * Cluster mode (DESKSIDE_NATS_URL): this process joins the others over NATS. It announces itself
 * and watches the others (membership), relays shells whose agent is on another node, and passes
 * on what every node must act on (a device revoked, a user's access changed).
 */
export async function joinCluster(o: {
  natsUrl: string;
  /** Prefixes every subject: several clusters may share one NATS. */
  clusterName: string;
  self: NodeInfo;
  store: Store;
  logger: Logger;
  hub: AgentHub;
  relay: TerminalRelay;
  files: FileTransfers;
  /** Where what arrives from agents on other nodes goes (shells and file operations). */
  sink: RemoteShellSink;
  /** Another node took a user's access away: end what this node holds of theirs beyond shells. */
  accessChanged(userId: string): void;
}): Promise<Cluster> {
  const bus = await connectBus(o.natsUrl, `deskside-server ${o.self.id}`, o.clusterName, o.logger);
  const shells = new RemoteShells(bus, o.self.id, o.hub, o.logger);
  shells.sink = o.sink;
  o.relay.remote = shells;
  o.files.remote = shells;
  shells.start();
  const membership = new Membership(bus, o.store, o.self, o.logger, (id) => shells.nodeLost(id));
  const broadcast = (b: Broadcast) => bus.publish(bus.subjects.broadcast, JSON.stringify(b));
  const sub = bus.subscribe(bus.subjects.broadcast, (data) => {
    const b = parseBusMessage(Broadcast, data);
    if (!b) return;
    if (b.type === 'device.revoked') o.hub.disconnect(b.deviceId, CloseCode.revoked, 'device revoked');
    else {
      o.relay.revokeUser(b.userId);
      o.accessChanged(b.userId);
    }
  });
  bus.onConnection((up) => {
    if (!up) shells.busLost();
  });
  await membership.start();
  return {
    bus,
    membership,
    directory: {
      isConnected: (id) => o.hub.isConnected(id),
      // The store says which node holds each agent: one answer for lists, filters and pages
      // (a dead node's devices go offline there when its lease runs out).
      isOnline: (device) => o.hub.isConnected(device.id) || device.online,
      connectedCount: () => o.hub.connectedCount(),
      disconnect(deviceId, code, reason) {
        o.hub.disconnect(deviceId, code, reason);
        if (code === CloseCode.revoked) broadcast({ type: 'device.revoked', deviceId });
      },
    },
    accessChanged: (userId) => broadcast({ type: 'user.access_changed', userId }),
    async stop() {
      sub.stop();
      shells.stop();
      await membership.stop();
      await bus.close();
    },
  };
}
