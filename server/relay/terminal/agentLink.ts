import type { ServerMessage } from '../../../shared/protocol/index.js';

/**
 * The agent end of a remote shell as the relay sees it: the agent's own socket when its agent
 * is connected to this process, or, in a cluster, a link through NATS to the node it is on.
 */
export interface AgentLink {
  send(message: ServerMessage): void;
  /** A terminal frame (session id, then bytes) for the agent. */
  sendBinary(frame: Buffer): void;
  /** Keystroke bytes sent and not yet taken by the agent's socket: the relay pauses above a mark. */
  readonly bufferedAmount: number;
  /** Called once the session has ended: a link frees what it holds. */
  dispose?(): void;
}
