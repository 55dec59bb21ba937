import { TERMINAL_LIMITS } from '../../../shared/protocol/terminal.js';

/**
 * Output smaller than an ack batch (echoes, prompts) is acknowledged this long after it was
 * taken, together with whatever followed: one ack per keystroke was a message more each way
 * for every echo, and the window (half a megabyte) never runs short for want of it.
 */
const ACK_DELAY_MS = 25;

/**
 * What a session acknowledges to the agent (`shell.ack`), and when. Output counts as taken when
 * the technician's socket took it (the send callback), or, for a client that acknowledges what
 * it has shown (`"flow":"ack"`, the console), when the client says so.
 */
export class OutputAcks {
  /** Taken and not yet acknowledged to the agent. */
  private unacked = 0;
  /** With client acknowledgements: sent to the client and not yet acknowledged by it. */
  private unshown = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly clientAcks: boolean,
    private readonly sendAck: (bytes: number) => void,
  ) {}

  /**
   * `bytes` of output go to the technician's socket; returns the send callback to pass, when the
   * socket's taking them is what counts.
   */
  sending(bytes: number): ((err?: Error) => void) | undefined {
    if (this.clientAcks) {
      this.unshown += bytes;
      return undefined;
    }
    return (err) => {
      if (!err) this.taken(bytes);
    };
  }

  /** An acknowledgement from the client; returns what is wrong with it, if anything (it is then ignored). */
  fromClient(bytes: number): string | null {
    if (!this.clientAcks) return 'acknowledgements need "flow":"ack" in the auth frame';
    if (bytes > this.unshown) return `acknowledged ${bytes} bytes, but only ${this.unshown} were sent and not yet acknowledged`;
    this.unshown -= bytes;
    this.taken(bytes);
    return null;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private taken(bytes: number): void {
    if (this.stopped) return;
    this.unacked += bytes;
    if (this.unacked >= TERMINAL_LIMITS.ackBatchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), ACK_DELAY_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.unacked === 0) return;
    this.sendAck(this.unacked);
    this.unacked = 0;
  }
}
