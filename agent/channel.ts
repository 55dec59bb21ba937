import type { AgentMessage } from '../shared/protocol/messages.js';
import { TERMINAL_LIMITS } from '../shared/protocol/terminal.js';
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

const DRAIN_CHECK_MS = 10;

/**
 * Waits for the agent's socket to drain below the low-water mark after it went past the high
 * one (a slow link to the server), then says so once; what paused for it may go on.
 */
export class DrainWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bufferedAmount: () => number,
    private readonly drained: () => void,
  ) {}

  /** Starts watching, unless it already is. */
  watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.bufferedAmount() > TERMINAL_LIMITS.lowWaterBytes) return;
      this.stop();
      this.drained();
    }, DRAIN_CHECK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
