import type { AgentMessage } from '../shared/protocol/messages.js';
import type { ConsentAnswer, ConsentRequest } from './shell/consent.js';

/**
 * What a manager of technicians' sessions on the PC (shells, file transfers) needs of the agent:
 * its one socket, and the person at the PC when the consent policy asks them.
 */
export interface SessionChannel {
  send(message: AgentMessage): boolean;
  sendBinary(frame: Buffer): boolean;
  /** Bytes queued on the agent's socket and not yet written to the network. */
  bufferedAmount(): number;
  /** Asks the person at the PC (policy "prompt"). */
  askConsent(request: ConsentRequest): Promise<ConsentAnswer>;
  /** The server withdrew a request that is still waiting for an answer. */
  withdrawConsent?(sessionId: string): void;
}
