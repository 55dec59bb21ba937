import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CloseCode,
  decodeAgentMessage,
  ErrorCode,
  LIMITS,
  MAX_FRAME_BYTES,
  type AgentMessage,
} from '../../shared/protocol/index.js';
import type { AgentDirectory, AppDeps } from '../deps.js';
import type { Device } from '../storage/types.js';
import { AgentConnection } from './agentConnection.js';
import { agentHandlers, type AgentHandlers } from './agentHandlers.js';
import { HealthWriter } from './healthWriter.js';
import { PresenceWriter } from './presence.js';
import { InventoryIngest } from '../commands/ingestInventory.js';
import type { EndReason } from '../../shared/api/sessions.js';
import type { ShellAnswer } from './terminal/relay.js';
import { isFileAnswer, type FileAnswer } from '../files/transfer.js';

/** Where the hub hands remote-shell and file traffic (see agentSessions.ts). */
export interface ShellSink {
  agentMessage(conn: AgentConnection, message: ShellAnswer | FileAnswer): void;
  agentFrame(conn: AgentConnection, frame: Buffer): void;
  agentGone(conn: AgentConnection, reason: EndReason): void;
}

const isShellAnswer = (m: AgentMessage): m is ShellAnswer => m.type === 'shell.accept' || m.type === 'shell.deny' || m.type === 'shell.exit';

/** Last-seen times are written in batches at this interval rather than on every heartbeat. */
const LAST_SEEN_FLUSH_MS = 10_000;
/** How often silent sockets are looked for. */
const LIVENESS_SWEEP_MS = 5_000;

/**
 * The live agent sockets of this process. Sockets reach it already authenticated (see
 * upgrade.ts); here they say hello, report, and are watched for liveness with ping/pong.
 */
export class AgentHub implements AgentDirectory {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly connections = new Map<string, AgentConnection>();
  private readonly lastSeen = new Map<string, string>();
  private readonly handlers: AgentHandlers;
  private readonly presence: PresenceWriter;
  private readonly inventory: InventoryIngest;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Set by the composition root once the terminal relay exists. */
  shells: ShellSink | undefined;

  constructor(private readonly deps: Pick<AppDeps, 'store' | 'config' | 'metrics' | 'logger' | 'nodeId'>) {
    this.presence = new PresenceWriter(deps.store, deps.logger, deps.nodeId);
    this.inventory = new InventoryIngest(deps.store, deps.logger);
    this.handlers = agentHandlers({
      deps,
      presence: this.presence,
      inventory: this.inventory,
      health: new HealthWriter(deps.store),
      seen: (id) => this.lastSeen.set(id, new Date().toISOString()),
      connected: () => this.connections.size,
    });
    this.timers.push(setInterval(() => this.checkLiveness(), Math.min(LIVENESS_SWEEP_MS, deps.config.heartbeatIntervalMs)));
    this.timers.push(setInterval(() => void this.flushLastSeen(), LAST_SEEN_FLUSH_MS));
    for (const t of this.timers) t.unref();
  }

  isConnected(deviceId: string): boolean {
    return this.connections.get(deviceId)?.helloDone ?? false;
  }

  isOnline(device: Device): boolean {
    return this.isConnected(device.id);
  }

  connectedCount(): number {
    return this.connections.size;
  }

  /** The device's greeted connection, if it is online. */
  connection(deviceId: string): AgentConnection | undefined {
    const conn = this.connections.get(deviceId);
    return conn?.helloDone && conn.open ? conn : undefined;
  }

  disconnect(deviceId: string, code: number, reason: string): void {
    const conn = this.connections.get(deviceId);
    if (!conn) return;
    if (code === CloseCode.revoked) conn.goneReason = 'device_revoked';
    // Sessions end now: the close handshake with the agent may take a while.
    this.shells?.agentGone(conn, conn.goneReason ?? 'agent_disconnected');
    conn.close(code, reason);
    if (code === CloseCode.revoked) {
      // A revoked agent is not trusted to finish the close handshake: nothing more it sends is
      // handled, and its connection is cut once the close frame is on its way, not 30 s later.
      conn.revoked = true;
      setImmediate(() => conn.socket.terminate());
    }
  }

  /** Called from the upgrade handler once the device credential was checked. */
  accept(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer, device: Device): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, device));
  }

  private attach(ws: WebSocket, device: Device): void {
    const log = this.deps.logger.child({ deviceId: device.id });
    const conn = new AgentConnection(device.id, ws, log, {
      agentVersion: device.agentVersion,
      platform: device.platform,
      hostname: device.hostname,
      inventoryHash: device.inventoryHash,
    });
    const previous = this.connections.get(device.id);
    this.connections.set(device.id, conn);
    previous?.close(CloseCode.replaced, 'replaced by a newer connection');
    this.deps.metrics.agentsConnected.set(this.connections.size);

    const helloTimer = setTimeout(() => {
      if (!conn.helloDone) {
        conn.sendError(ErrorCode.helloTimeout, `no hello within ${LIMITS.helloTimeoutMs} ms`);
        conn.close(CloseCode.helloTimeout, 'hello timeout');
      }
    }, LIMITS.helloTimeoutMs);

    ws.on('pong', () => conn.heard());
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('error', (err) => log.warn({ err: err.message }, 'agent socket error'));
    ws.on('close', (code) => {
      clearTimeout(helloTimer);
      this.shells?.agentGone(conn, conn.goneReason ?? 'agent_disconnected');
      if (this.connections.get(device.id) !== conn) return;
      this.connections.delete(device.id);
      this.deps.metrics.agentsConnected.set(this.connections.size);
      this.lastSeen.delete(device.id);
      if (conn.helloDone) {
        log.info({ code }, 'agent offline');
        void this.presence.set(device.id, false, new Date().toISOString());
      }
    });
  }

  private onMessage(conn: AgentConnection, data: RawData, isBinary: boolean): void {
    if (conn.revoked) return;
    conn.heard();
    // Terminal output is paced by flow control (see terminal/session.ts), not by the message
    // allowance meant for control messages.
    if (isBinary && conn.helloDone) {
      this.shells?.agentFrame(conn, Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
      return;
    }
    const decoded = decodeAgentMessage(isBinary ? null : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    // An upload's acknowledgements come as often as its bytes go: paced by the transfer's window,
    // like binary frames, not by the allowance meant for control messages.
    const paced = decoded.ok && decoded.message.type === 'file.ack' && conn.helloDone;
    if (!paced && !conn.take()) {
      this.deps.metrics.agentMessages.inc({ type: 'rate_limited' });
      conn.sendError(ErrorCode.rateLimited, `more than ${LIMITS.agentMessagesPerSecond} messages per second`);
      conn.close(CloseCode.rateLimited, 'message flood');
      return;
    }
    if (!decoded.ok) return this.reject(conn, decoded.code, decoded.message);
    const message = decoded.message;
    if (!conn.helloDone && message.type !== 'hello') {
      return this.reject(conn, ErrorCode.helloRequired, `send hello before ${message.type}`);
    }
    this.deps.metrics.agentMessages.inc({ type: message.type });
    // Handled at once, not queued: a shell's output may follow its accept in the same read.
    if (isShellAnswer(message) || isFileAnswer(message)) return this.shells?.agentMessage(conn, message);
    const handler = this.handlers[message.type] as (c: AgentConnection, m: AgentMessage) => Promise<void>;
    // A heartbeat touches no database: answered at once, not behind this agent's inventory
    // waiting on a busy store, so its round trip says whether the connection is alive.
    if (message.type === 'heartbeat') {
      handler(conn, message).catch((err: unknown) => conn.log.error({ err }, 'heartbeat failed'));
      return;
    }
    const size = Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    for (const type of conn.enqueue(message.type, size, () => handler(conn, message))) this.deps.metrics.agentMessagesDropped.inc({ type });
  }

  private reject(conn: AgentConnection, code: ErrorCode, message: string): void {
    this.deps.metrics.agentMessages.inc({ type: 'invalid' });
    conn.badFrames += 1;
    conn.sendError(code, message);
    conn.log.warn({ code, reason: message }, 'invalid agent frame');
    if (conn.badFrames >= LIMITS.agentBadFramesMax) conn.close(CloseCode.protocolViolation, 'too many invalid frames');
  }

  /**
   * A dead peer sends no close, so silence is what counts. Agents send a heartbeat every
   * interval, so a socket is pinged only when one is overdue, and dropped after two intervals of
   * silence. Pinging every socket at once each interval (as before) held the event loop for
   * hundreds of milliseconds with a large fleet; this sweep only compares timestamps.
   */
  private checkLiveness(): void {
    const interval = this.deps.config.heartbeatIntervalMs;
    const grace = Math.min(LIVENESS_SWEEP_MS, interval);
    const now = Date.now();
    for (const conn of this.connections.values()) {
      const silent = now - conn.lastHeard;
      if (silent > 2 * interval + grace) {
        conn.log.info({ silentMs: silent }, 'agent missed heartbeats; dropping');
        conn.socket.terminate();
      } else if (silent > interval + grace && !conn.pinged) {
        conn.pinged = true;
        conn.socket.ping();
      }
    }
  }

  async flushLastSeen(): Promise<void> {
    if (this.lastSeen.size === 0) return;
    const batch = new Map(this.lastSeen);
    this.lastSeen.clear();
    try {
      await this.presence.touch(batch);
    } catch (err) {
      this.deps.logger.error({ err }, 'could not record last-seen times');
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const conn of this.connections.values()) {
      conn.goneReason = 'server_shutdown';
      conn.close(CloseCode.serverShutdown, 'server shutting down');
    }
    await this.flushLastSeen();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await Promise.all([this.presence.drain(), this.inventory.drain()]);
  }
}
