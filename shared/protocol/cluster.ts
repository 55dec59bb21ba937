import { z } from 'zod';
import { TicketActivity } from '../api/live.js';
import { FileAccept, FileAck, FileClose, FileDone, FileEnd, FileError, FileOpen } from './files.js';
import { ShellAccept, ShellAck, ShellClose, ShellDeny, ShellExit, ShellOpen, ShellResize } from './messages.js';

/**
 * What server processes say to each other over NATS. Every message is checked on arrival like
 * any other outside input: a node trusts the bus no more than a socket.
 */

const NodeId = z.string().uuid();

/** Published every second by every node; silence means the node is gone. */
export const NodeHeartbeat = z.object({ id: NodeId, url: z.string().max(500), startedAt: z.string().max(40) });
export type NodeHeartbeat = z.infer<typeof NodeHeartbeat>;

/** Asked of the node holding a device's agent: start a shell (or a file operation) there for a technician on `origin`. */
export const RemoteShellOpen = z.object({ deviceId: z.string().uuid(), origin: NodeId, open: z.discriminatedUnion('type', [ShellOpen, FileOpen]) });
export type RemoteShellOpen = z.infer<typeof RemoteShellOpen>;
export const RemoteShellOpenReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: z.enum(['offline', 'busy']), message: z.string().max(500) }),
]);
export type RemoteShellOpenReply = z.infer<typeof RemoteShellOpenReply>;

/** Technician's node → agent's node: control for the agent, as the agent protocol words it. */
export const ToAgentControl = z.discriminatedUnion('type', [ShellAck, ShellResize, ShellClose, FileAck, FileEnd, FileClose]);
export type ToAgentControl = z.infer<typeof ToAgentControl>;

/**
 * Agent's node → technician's node: the agent's answers, and how many keystroke bytes the
 * agent's socket has taken (the technician's side stops reading past a window of them).
 */
export const InputTaken = z.object({ type: z.literal('input.taken'), sessionId: z.string().uuid(), bytes: z.number().int().positive().max(1 << 30) });
export const FromAgentControl = z.discriminatedUnion('type', [ShellAccept, ShellDeny, ShellExit, InputTaken, FileAccept, FileAck, FileDone, FileError]);
export type FromAgentControl = z.infer<typeof FromAgentControl>;

/** To every node: act on what you hold. */
export const Broadcast = z.discriminatedUnion('type', [
  z.object({ type: z.literal('device.revoked'), deviceId: z.string().uuid() }),
  z.object({ type: z.literal('user.access_changed'), userId: z.string().min(1).max(64) }),
]);
export type Broadcast = z.infer<typeof Broadcast>;

/** A change to a ticket, from the node where it was written to every other (their consoles and agents). */
export const LiveEnvelope = z.object({ origin: NodeId, activity: TicketActivity });
export type LiveEnvelope = z.infer<typeof LiveEnvelope>;

/**
 * Session traffic is one subject per direction, so bytes and control stay in order: a frame
 * is one kind byte, then terminal bytes (DATA) or a JSON control message (CONTROL).
 */
export const FrameKind = { data: 0, control: 1 } as const;

export function encodeClusterFrame(kind: number, payload: Buffer | string): Uint8Array {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = kind;
  body.copy(out, 1);
  return out;
}

export function decodeClusterFrame(frame: Uint8Array): { kind: number; body: Buffer } | null {
  if (frame.length < 1) return null;
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  return { kind: buf[0]!, body: buf.subarray(1) };
}

/** The subjects of one cluster: its name prefixes them, so several clusters may share a NATS. */
export function subjects(cluster: string) {
  return {
    heartbeat: `${cluster}.nodes.heartbeat`,
    broadcast: `${cluster}.broadcast`,
    live: `${cluster}.live.tickets`,
    shellOpen: (node: string) => `${cluster}.node.${node}.shell.open`,
    toAgent: (session: string) => `${cluster}.session.${session}.to-agent`,
    fromAgent: (session: string) => `${cluster}.session.${session}.from-agent`,
  };
}
export type Subjects = ReturnType<typeof subjects>;

/** A message from the bus, checked against its schema: null when it is not JSON or not that. */
export function parseBusMessage<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, data: Uint8Array): T | null {
  try {
    const r = schema.safeParse(JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
