import WebSocket from 'ws';
import type { InventoryDocument } from '../shared/inventory.js';
import { inventoryHash } from '../shared/inventoryHash.js';
import {
  CloseCode,
  decodeServerMessage,
  encodeFrame,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type AgentMessage,
  type MessageOf,
  type ServerMessage,
} from '../shared/protocol/index.js';
import { VERSION } from '../shared/version.js';
import type { Logger } from 'pino';
import { backoffDelay, returnDelay } from './backoff.js';
import type { Credential, Status } from './home.js';

export interface ConnectionOptions {
  credential: Credential;
  logger: Logger;
  hostname: string;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** The last inventory the server acknowledged (from the previous run), for the unchanged ping. */
  ackedHash: string | null;
  onStatus(update: Partial<Status>): void;
  /** The server answered a get-help request (with a ticket, or with a coded refusal). */
  onTicketCreated(requestId: string, ticketId: number): void;
  onRequestRefused(requestId: string, code: string, message: string): void;
  /** A technician replied on, or changed, a ticket from this PC. */
  onTicketActivity(m: MessageOf<ServerMessage, 'ticket.activity'>): void;
  /** Called after every welcome: the moment to send what waited while offline. */
  onConnected(): void;
  /** Remote shells: their control messages, their input bytes, and the end of the connection. */
  shells: {
    handlers: { [T in ShellMessageType]: (m: MessageOf<ServerMessage, T>) => void };
    input(frame: Buffer): void;
    closeAll(): void;
  };
  /** File transfers and listings (files/manager.ts); input is false for a frame that is not theirs. */
  files: {
    handlers: { [T in FileMessageType]: (m: MessageOf<ServerMessage, T>) => void };
    input(frame: Buffer): boolean;
    closeAll(): void;
  };
  /** Scripts the server asks this PC to run (scripts/manager.ts). */
  scripts: { handlers: { [T in ScriptMessageType]: (m: MessageOf<ServerMessage, T>) => void } };
}

type ShellMessageType = Extract<ServerMessage['type'], `shell.${string}`>;
type ScriptMessageType = Extract<ServerMessage['type'], `script.${string}`>;
type FileMessageType = Extract<ServerMessage['type'], `file.${string}`>;

type Handlers = { [T in ServerMessage['type']]: (m: MessageOf<ServerMessage, T>) => void };

/**
 * The agent's one outbound WebSocket: hello, heartbeats, inventory reports, and reconnects with
 * capped exponential backoff and jitter, forever. No port is ever opened on the PC.
 */
export class ServerConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private seq = 0;
  private welcomed = false;
  private lastHeard = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** What the server last asked its fleet to spread a return over (see the Welcome message). */
  private reconnectSpreadMs = 0;
  private inventory: { doc: InventoryDocument; hash: string } | null = null;
  private ackedHash: string | null;
  private readonly handlers: Handlers;

  constructor(private readonly o: ConnectionOptions) {
    this.ackedHash = o.ackedHash;
    this.handlers = {
      welcome: (m) => {
        this.attempt = 0;
        this.welcomed = true;
        this.reconnectSpreadMs = m.reconnectSpreadMs ?? 0;
        this.o.logger.info({ serverSkewMs: m.serverTime - Date.now() }, 'connected to server');
        this.o.onStatus({ state: 'connected', since: new Date().toISOString(), detail: undefined });
        this.startHeartbeats(m.heartbeatIntervalMs);
        this.reportInventory(false);
        this.o.onConnected();
      },
      'heartbeat.ack': (m) => {
        if (m.reconnectSpreadMs !== undefined) this.reconnectSpreadMs = m.reconnectSpreadMs;
      },
      'inventory.ack': (m) => {
        this.ackedHash = m.hash;
        this.o.onStatus({ lastInventoryAt: new Date().toISOString(), lastInventoryHash: m.hash });
      },
      'inventory.request': () => this.reportInventory(true),
      'ticket.created': (m) => this.o.onTicketCreated(m.requestId, m.ticketId),
      'ticket.activity': (m) => this.o.onTicketActivity(m),
      ...o.shells.handlers,
      ...o.scripts.handlers,
      ...o.files.handlers,
      error: (m) => {
        this.o.logger.warn({ code: m.code, reason: m.message, requestId: m.requestId }, 'server reported an error');
        if (m.requestId) this.o.onRequestRefused(m.requestId, m.code, m.message);
      },
    };
  }

  start(): void {
    this.connect();
  }

  /** A fresh inventory: sent now when connected, else with the next hello. */
  setInventory(doc: InventoryDocument): void {
    this.inventory = { doc, hash: inventoryHash(doc) };
    if (this.socket?.readyState === WebSocket.OPEN) this.reportInventory(false);
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000, 'agent stopping');
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2000).unref();
    });
  }

  /** True once the server welcomed this socket and it is still open. */
  get connected(): boolean {
    return this.welcomed && this.socket?.readyState === WebSocket.OPEN;
  }

  sendBinary(frame: Buffer): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(frame, { binary: true });
    return true;
  }

  bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Sends a message now; false when not connected (the caller keeps it for later). */
  send(message: AgentMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeFrame(message));
    return true;
  }

  private reportInventory(forceFull: boolean): void {
    if (!this.inventory) return;
    const { doc, hash } = this.inventory;
    if (!forceFull && hash === this.ackedHash) this.send({ type: 'inventory.unchanged', hash });
    else this.send({ type: 'inventory', hash, document: doc });
  }

  private connect(): void {
    if (this.stopped) return;
    const { credential } = this.o;
    const url = new URL('/ws/agent', credential.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const auth = Buffer.from(`${credential.deviceId}:${credential.deviceSecret}`).toString('base64');
    this.o.onStatus({ state: 'connecting', since: new Date().toISOString() });
    const socket = new WebSocket(url, {
      headers: { Authorization: `Basic ${auth}` },
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      // Masking protects browsers' pages against poisoning caching proxies; this client is not a
      // browser. With a zero mask neither ws here nor the server touches the payload, which is
      // every byte of a remote shell's output (on TLS the mask adds nothing anyway).
      generateMask: (mask: Buffer) => void mask.fill(0),
    });
    this.socket = socket;
    this.welcomed = false;
    let refusal: string | undefined;

    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8').slice(0, 1000)));
      res.on('end', () => {
        let message = `HTTP ${res.statusCode}`;
        try {
          message = (JSON.parse(body) as { error: { message: string } }).error.message;
        } catch {
          // Not our error shape: keep the status line.
        }
        refusal = message;
        this.o.logger.error({ status: res.statusCode, reason: message }, 'server refused the connection');
        this.o.onStatus({ state: 'rejected', since: new Date().toISOString(), detail: message });
        socket.terminate();
        this.scheduleReconnect(res.statusCode === 401 || res.statusCode === 426);
      });
    });
    socket.on('open', () => {
      this.lastHeard = Date.now();
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        agentVersion: VERSION,
        deviceId: credential.deviceId,
        hostname: this.o.hostname,
        platform: process.platform,
      });
    });
    socket.on('message', (data, isBinary) => {
      this.lastHeard = Date.now();
      if (isBinary) {
        const frame = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
        if (!this.o.files.input(frame)) this.o.shells.input(frame);
        return;
      }
      const decoded = decodeServerMessage(data);
      if (!decoded.ok) {
        this.o.logger.warn({ code: decoded.code, reason: decoded.message }, 'invalid frame from server');
        return;
      }
      const handler = this.handlers[decoded.message.type] as (m: ServerMessage) => void;
      try {
        handler(decoded.message);
      } catch (err) {
        // A local failure (a full disk, say) must not take the connection, or the agent, down.
        this.o.logger.error({ err: (err as Error).message, type: decoded.message.type }, 'handling a server message failed');
      }
    });
    socket.on('error', (err) => {
      if (!refusal) this.o.logger.warn({ err: err.message }, 'connection error');
    });
    socket.on('close', (code, reason) => {
      clearInterval(this.heartbeatTimer);
      this.o.shells.closeAll();
      this.o.files.closeAll();
      if (this.socket !== socket || refusal !== undefined) return;
      const rejected = code === CloseCode.revoked || code === CloseCode.unsupportedProtocol;
      this.o.logger.info({ code, reason: reason.toString() }, 'disconnected from server');
      this.o.onStatus({
        state: rejected ? 'rejected' : 'disconnected',
        since: new Date().toISOString(),
        detail: reason.toString() || `closed with code ${code}`,
      });
      this.scheduleReconnect(rejected, this.welcomed);
    });
  }

  /** A refused credential is retried too (an admin may fix it), but at the slowest pace. */
  private scheduleReconnect(refused: boolean, wasConnected = false): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const backoff = { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs };
    const delay = refused ? this.o.backoffCapMs : wasConnected ? returnDelay(this.reconnectSpreadMs, backoff) : backoffDelay(this.attempt, backoff);
    this.attempt += 1;
    this.o.logger.debug({ delayMs: delay }, 'reconnecting later');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** App-level heartbeats; a server silent for two intervals is presumed gone and the socket dropped. */
  private startHeartbeats(intervalMs: number): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * intervalMs + 5_000) {
        this.o.logger.warn('server stopped answering; reconnecting');
        this.socket?.terminate();
        return;
      }
      this.send({ type: 'heartbeat', seq: this.seq++, sentAt: Date.now() });
    }, intervalMs);
  }
}
