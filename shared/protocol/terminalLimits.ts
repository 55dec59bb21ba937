/** Sizes and flow-control limits of remote terminals, shared by the agent, the server and the console. */
export const TERMINAL_LIMITS = {
  colsMin: 2,
  colsMax: 1000,
  rowsMin: 1,
  rowsMax: 500,
  /**
   * Output of one session the agent may have sent that the server has not yet passed on to the
   * technician: when it is used up, the agent stops reading the pty until `shell.ack` returns
   * some. This bounds what the server holds per session, whatever the TCP buffers in between.
   */
  windowBytes: 512 * 1024,
  /** The server acknowledges output in batches of at least this many bytes. */
  ackBatchBytes: 64 * 1024,
  /** Above this many bytes queued towards a slow reader, the producer is paused. */
  highWaterBytes: 512 * 1024,
  /** ...and resumed once the queue drains below this. */
  lowWaterBytes: 128 * 1024,
} as const;
