import type { SessionTokens } from './auth/jwt.js';
import type { Config } from './env.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Device, Store } from './storage/types.js';
import type { FileLinks } from './auth/fileLinks.js';
import type { RecordingStore } from './sessions/recordingStore.js';
import type { MailService } from './mail/index.js';
import type { LiveStreams } from './live/streams.js';
import type { FileTransfers } from './files/transfers.js';

/** What the relay offers to the rest of the server. */
export interface AgentDirectory {
  isConnected(deviceId: string): boolean;
  /** Whether the device's agent is connected to this server or, in a cluster, to a live node. */
  isOnline(device: Device): boolean;
  /** Closes the device's live socket, if any, with this close code. */
  disconnect(deviceId: string, code: number, reason: string): void;
  connectedCount(): number;
}

/** Everything a route or command may use, handed down from the composition root. */
export interface AppDeps {
  config: Config;
  store: Store;
  sessions: SessionTokens;
  /** Short-lived download links (auth/fileLinks.ts). */
  links: FileLinks;
  logger: Logger;
  metrics: Metrics;
  agents: AgentDirectory;
  version: string;
  /** Where session recordings are kept (files with SQLite, the database with PostgreSQL). */
  recordings: RecordingStore;
  /** This server process, among the cluster's (a fresh id at every start). */
  nodeId: string;
  /** File operations relayed to PCs (see files/transfers.ts). */
  files: Pick<FileTransfers, 'open'>;
  /** A user's access was taken away or changed: end their live sockets now (open shells). */
  accessRevoked(userId: string): void;
  /** How other machines reach this server; known once it listens (see publicUrl.ts). */
  publicUrl(): string;
  /** Email notifications: status, and a nudge when an admin asks for a message again. */
  mail: Pick<MailService, 'status' | 'wake'>;
  /** The console's event streams (GET /api/v1/events) on this node. */
  live: Pick<LiveStreams, 'add'>;
}
