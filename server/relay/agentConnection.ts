import type { WebSocket } from 'ws';
import { encodeFrame, LIMITS, type ErrorCode, type ServerMessage } from '../../shared/protocol/index.js';
import type { Logger } from '../logger.js';

export interface StoredIdentity {
  agentVersion: string | null;
  platform: string | null;
  hostname: string;
  /** The inventory the store holds, as read at the handshake: the agent's first check after hello is answered from it. */
  inventoryHash: string | null;
}

/**
 * What one agent may have waiting to be handled. Within its message allowance an agent can still
 * send faster than its messages are handled (20 full inventories a second, each costly to
 * store); without a bound each waiting frame stays in memory. Past either bound the oldest
 * waiting message is dropped: an inventory is superseded by the next one, and a get-help request
 * is resent by the agent until it is acknowledged, so nothing is lost that the agent will not send again.
 */
export const PENDING_LIMIT = { messages: 32, bytes: 4 * 1024 * 1024 } as const;

interface Pending {
  type: string;
  bytes: number;
  work: () => Promise<void>;
}

/**
 * One agent's socket: what it may send (token bucket), how often it got it wrong, and a bounded
 * queue that handles its messages one at a time, in order, so two reports of one device never race.
 */
export class AgentConnection {
  helloDone = false;
  /** When anything (a message, a pong) last arrived: the liveness check reads it. */
  lastHeard = Date.now();
  /** Whether a ping went out since lastHeard. */
  pinged = false;
  badFrames = 0;
  /** The device was revoked while connected: whatever else arrives is dropped unread. */
  revoked = false;
  /** Why the server is dropping this socket, when it is the one dropping it. */
  goneReason: 'device_revoked' | 'server_shutdown' | null = null;
  /** The stored inventory's hash as read at the handshake, until the agent's first check after hello uses it. */
  handshakeInventoryHash: string | null | undefined;
  private tokens: number = LIMITS.agentMessagesBurst;
  private refilledAt = Date.now();
  private readonly pending: Pending[] = [];
  private pendingBytes = 0;
  private draining = false;
  /** Messages dropped since the last log line about it. */
  private dropped = 0;

  constructor(
    readonly deviceId: string,
    readonly socket: WebSocket,
    readonly log: Logger,
    /** What the store says the agent is, until its hello is handled (then dropped: memory per socket counts). */
    private storedIdentity?: StoredIdentity,
  ) {}

  takeStoredIdentity(): StoredIdentity | undefined {
    const identity = this.storedIdentity;
    this.storedIdentity = undefined;
    return identity;
  }

  heard(): void {
    this.lastHeard = Date.now();
    this.pinged = false;
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeFrame(message));
  }

  sendBinary(frame: Buffer): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame, { binary: true });
  }

  /** Bytes queued on this socket and not yet handed to the network. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  sendError(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /** False when the socket has used up its message allowance. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(
      LIMITS.agentMessagesBurst,
      this.tokens + ((now - this.refilledAt) / 1000) * LIMITS.agentMessagesPerSecond,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Queues a message's handling; `bytes` is the frame's size. Returns the types dropped to make room. */
  enqueue(type: string, bytes: number, work: () => Promise<void>): string[] {
    this.pending.push({ type, bytes, work });
    this.pendingBytes += bytes;
    const dropped: string[] = [];
    while (this.pending.length > 1 && (this.pending.length > PENDING_LIMIT.messages || this.pendingBytes > PENDING_LIMIT.bytes)) {
      const oldest = this.pending.shift()!;
      this.pendingBytes -= oldest.bytes;
      dropped.push(oldest.type);
    }
    if (dropped.length > 0) {
      // One line for the first drop, then one per hundred: a flood must not become a log flood.
      if (this.dropped % 100 === 0) {
        this.log.warn({ dropped: dropped.join(','), droppedBefore: this.dropped, waiting: this.pending.length, waitingBytes: this.pendingBytes }, 'agent sends faster than its messages are handled; dropped the oldest waiting');
      }
      this.dropped += dropped.length;
    }
    if (!this.draining) void this.drain();
    return dropped;
  }

  /** Messages waiting to be handled, and their bytes. */
  get backlog(): { messages: number; bytes: number } {
    return { messages: this.pending.length, bytes: this.pendingBytes };
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let next = this.pending.shift(); next && !this.revoked; next = this.pending.shift()) {
        this.pendingBytes -= next.bytes;
        try {
          await next.work();
        } catch (err) {
          this.log.error({ err, type: next.type }, 'agent message handler failed');
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
