import type { WebSocket } from 'ws';
import { encodeFrame, LIMITS, type ErrorCode, type ServerMessage } from '../../shared/protocol/index.js';
import type { Logger } from '../logger.js';

export interface StoredIdentity {
  agentVersion: string | null;
  platform: string | null;
  hostname: string;
}

/**
 * One agent's socket: what it may send (token bucket), how often it got it wrong, and a queue
 * that handles its messages one at a time, in order, so two reports of one device never race.
 */
export class AgentConnection {
  helloDone = false;
  /** When anything (a message, a pong) last arrived: the liveness check reads it. */
  lastHeard = Date.now();
  /** Whether a ping went out since lastHeard. */
  pinged = false;
  badFrames = 0;
  /** Why the server is dropping this socket, when it is the one dropping it. */
  goneReason: 'device_revoked' | 'server_shutdown' | null = null;
  private tokens: number = LIMITS.agentMessagesBurst;
  private refilledAt = Date.now();
  private queue: Promise<void> = Promise.resolve();

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

  enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => {
      this.log.error({ err }, 'agent message handler failed');
    });
  }
}
