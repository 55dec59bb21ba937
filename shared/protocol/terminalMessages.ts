import { z } from 'zod';
import { ConsentDecision, EndReason } from '../api/sessions.js';
import { ErrorCode } from './codes.js';

/**
 * JSON text frames on `/ws/terminal`. Terminal bytes are binary frames and carry no session id
 * there: one technician socket is one session.
 */
const errorCodeValues = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
// Wide bounds here; the relay clamps to what a pty accepts (see terminal.ts clampSize).
const Size = z.number().int().min(1).max(100_000);

export const TerminalAuth = z.object({
  type: z.literal('auth'),
  token: z.string().min(1).max(4096),
  /**
   * `ack`: the client acknowledges output once it has shown it (`TerminalAck`), and the shell is
   * held to what the client has shown rather than to what its socket took. A browser takes
   * everything its socket receives and queues it in the page, so only its own
   * acknowledgements can hold back a shell that prints faster than the page draws.
   */
  flow: z.enum(['socket', 'ack']).optional(),
});
export const TerminalResize = z.object({ type: z.literal('resize'), cols: Size, rows: Size });
export const TerminalClose = z.object({ type: z.literal('close') });
/** Output bytes the client has shown since its last acknowledgement (with `"flow":"ack"`). */
export const TerminalAck = z.object({ type: z.literal('ack'), bytes: z.number().int().min(1) });

export const TerminalClientMessage = z.discriminatedUnion('type', [TerminalAuth, TerminalResize, TerminalClose, TerminalAck]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;

export const TerminalStatus = z.object({
  type: z.literal('status'),
  state: z.enum(['connecting', 'waiting_for_consent']),
  message: z.string(),
});
export const TerminalReady = z.object({
  type: z.literal('ready'),
  sessionId: z.string().uuid(),
  cols: z.number().int(),
  rows: z.number().int(),
  consent: ConsentDecision,
  /** The server records keystrokes too (DESKSIDE_RECORD_INPUT=1): the technician is told. */
  inputRecorded: z.boolean().optional(),
});
export const TerminalExit = z.object({
  type: z.literal('exit'),
  sessionId: z.string().uuid(),
  reason: EndReason,
  exitCode: z.number().int().nullable(),
  message: z.string(),
});
export const TerminalError = z.object({ type: z.literal('error'), code: z.enum(errorCodeValues), message: z.string() });

export const TerminalServerMessage = z.discriminatedUnion('type', [TerminalStatus, TerminalReady, TerminalExit, TerminalError]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessage>;

/** Largest frame a technician's socket may send: a generous paste, far below the agent socket's limit. */
export const MAX_TERMINAL_FRAME_BYTES = 256 * 1024;
