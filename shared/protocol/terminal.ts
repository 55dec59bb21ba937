import { TERMINAL_LIMITS } from './terminalLimits.js';

/**
 * Terminal bytes between server and agent travel as binary WebSocket frames on the agent's
 * existing socket, several sessions at once: a frame is the session id (16 bytes, the UUID's
 * raw form) followed by the bytes. Text frames stay JSON control messages.
 */
export const SESSION_ID_BYTES = 16;

// The limits have a module of their own so that the console can read them without Buffer.
export { TERMINAL_LIMITS };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeTerminalFrame(sessionId: string, data: Buffer): Buffer {
  if (!UUID.test(sessionId)) throw new Error('session id must be a UUID');
  return Buffer.concat([Buffer.from(sessionId.replace(/-/g, ''), 'hex'), data]);
}

/** A binary frame → its session id and bytes; null when it is too short to carry an id. */
export function decodeTerminalFrame(frame: Buffer): { sessionId: string; data: Buffer } | null {
  if (frame.length < SESSION_ID_BYTES) return null;
  const hex = frame.subarray(0, SESSION_ID_BYTES).toString('hex');
  const sessionId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { sessionId, data: frame.subarray(SESSION_ID_BYTES) };
}

/** Terminal size clamped to sane bounds: an absurd resize from a client cannot hurt the pty. */
export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  const clamp = (v: number, min: number, max: number) => (Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : min);
  return {
    cols: clamp(cols, TERMINAL_LIMITS.colsMin, TERMINAL_LIMITS.colsMax),
    rows: clamp(rows, TERMINAL_LIMITS.rowsMin, TERMINAL_LIMITS.rowsMax),
  };
}
