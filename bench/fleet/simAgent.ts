import { WebSocket } from 'ws';
import { backoffDelay, returnDelay } from '../../agent/backoff.js';
import type { InventoryDocument } from '../../shared/inventory.js';
import { decodeServerMessage, encodeFrame, MAX_FRAME_BYTES, PROTOCOL_VERSION, type AgentMessage } from '../../shared/protocol/index.js';
import { VERSION } from '../../shared/version.js';

export interface SimDevice {
  id: string;
  secret: string;
  hostname: string;
}

export interface SimOptions {
  /**
   * Where to connect: the first, then, after a connection ends, the next. With several cluster
   * nodes this plays the load balancer's part for agents that lost their node.
   */
  urls: string[];
  /** The loopback source address this agent connects from (127.0.0.x). */
  localAddress: string;
  document: InventoryDocument;
  hash: string;
  /** The agent's own defaults (agent/run.ts). */
  backoffBaseMs: number;
  backoffCapMs: number;
  onWelcome(agent: SimAgent): void;
  onHeartbeatRtt(ms: number): void;
}

/**
 * One simulated agent speaking the real protocol, as agent/connection.ts does: Basic credential on
 * the upgrade, hello, the inventory (whole the first time, then as an unchanged-hash ping) and a
 * health report, heartbeats at the interval the server asks for, and the agent's own backoff after any drop.
 * It keeps no shell and no queue: those do not change what the server holds per device.
 */
export class SimAgent {
  online = false;
  private socket: WebSocket | undefined;
  private attempt = 0;
  /** The server acknowledged this agent's inventory (stored, or already held). */
  acked = false;
  private seq = 0;
  private readonly sent = new Map<number, bigint>();
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private stopped = false;
  private urlIndex = 0;
  private spreadMs = 0;
  /** When the server last welcomed this agent (ms since the epoch). */
  welcomedAt = 0;

  constructor(
    readonly device: SimDevice,
    private readonly o: SimOptions,
  ) {}

  connect(): void {
    if (this.stopped) return;
    const auth = Buffer.from(`${this.device.id}:${this.device.secret}`).toString('base64');
    const socket = new WebSocket(`${this.o.urls[this.urlIndex % this.o.urls.length]}/ws/agent`, {
      headers: { Authorization: `Basic ${auth}` },
      localAddress: this.o.localAddress,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.socket = socket;
    socket.on('open', () =>
      this.send({ type: 'hello', protocol: PROTOCOL_VERSION, agentVersion: VERSION, deviceId: this.device.id, hostname: this.device.hostname, platform: 'linux' }),
    );
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data as Buffer);
    });
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      socket.terminate();
    });
    socket.on('error', () => undefined); // a close follows
    socket.on('close', () => {
      if (this.socket !== socket) return;
      const wasOnline = this.online;
      this.online = false;
      clearInterval(this.heartbeat);
      this.sent.clear();
      if (this.stopped) return;
      this.urlIndex += 1;
      // As the agent does (agent/connection.ts): a lost server's fleet spreads its return.
      const backoff = { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs };
      const delay = wasOnline ? returnDelay(this.spreadMs, backoff) : backoffDelay(this.attempt, backoff);
      this.attempt++;
      this.reconnect = setTimeout(() => this.connect(), delay);
    });
  }

  /** Drops the connection as a network failure would; the agent then reconnects on its own. */
  drop(): void {
    this.online = false;
    this.socket?.terminate();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnect);
    clearInterval(this.heartbeat);
    this.socket?.terminate();
  }

  private send(message: AgentMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(encodeFrame(message));
  }

  private onMessage(data: Buffer): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) throw new Error(`server sent an invalid frame: ${decoded.message}`);
    const m = decoded.message;
    switch (m.type) {
      case 'welcome': {
        this.online = true;
        this.welcomedAt = Date.now();
        this.spreadMs = m.reconnectSpreadMs ?? 0;
        this.attempt = 0;
        if (this.acked) this.send({ type: 'inventory.unchanged', hash: this.o.hash });
        else this.send({ type: 'inventory', hash: this.o.hash, document: this.o.document });
        // As agent/run.ts does on every connection: a health report.
        this.send({ type: 'health', memoryUsedPct: 42, rebootPendingSince: null });
        // A fleet's heartbeats are spread over the interval: agents start at different times.
        const interval = m.heartbeatIntervalMs;
        this.heartbeat = setTimeout(() => {
          this.beat();
          this.heartbeat = setInterval(() => this.beat(), interval);
        }, Math.random() * interval);
        this.o.onWelcome(this);
        break;
      }
      case 'inventory.request':
        this.send({ type: 'inventory', hash: this.o.hash, document: this.o.document });
        break;
      case 'inventory.ack':
        this.acked = true;
        break;
      case 'heartbeat.ack': {
        if (m.reconnectSpreadMs !== undefined) this.spreadMs = m.reconnectSpreadMs;
        const sentAt = this.sent.get(m.seq);
        this.sent.delete(m.seq);
        if (sentAt !== undefined) this.o.onHeartbeatRtt(Number(process.hrtime.bigint() - sentAt) / 1e6);
        break;
      }
      case 'error':
        // An overloaded server may not read a hello in time: it closes, and the agent comes
        // back as a real one would. Anything else is a protocol fault worth stopping for.
        if (m.code === 'hello_timeout') break;
        throw new Error(`server refused device ${this.device.id}: ${m.code} ${m.message}`);
      default:
        break;
    }
  }

  private beat(): void {
    const seq = this.seq++;
    this.sent.set(seq, process.hrtime.bigint());
    this.send({ type: 'heartbeat', seq, sentAt: Date.now() });
  }
}
