import { z } from 'zod';
import { Priority } from '../api/tickets.js';
import { DiagnosticsBundle } from '../diagnostics/bundle.js';
import { InventoryDocument } from '../inventory.js';
import { ErrorCode } from './codes.js';
import { LIMITS } from './limits.js';
import { FileAccept, FileAck, FileClose, FileDone, FileEnd, FileError, FileOpen } from './files.js';
import { ScriptCancel, ScriptDone, ScriptRun } from './scripts.js';

/**
 * Every message of the agent protocol, grouped by direction. Both ends decode incoming frames
 * with these unions (see codec.ts); types are inferred, never declared twice.
 */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');
const seq = z.number().int().nonnegative();
const errorCodeValues = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

export const Hello = z.object({
  type: z.literal('hello'),
  protocol: z.number().int().positive(),
  agentVersion: z.string().min(1).max(64),
  deviceId: z.string().uuid(),
  hostname: z.string().min(1).max(LIMITS.hostnameMax),
  platform: z.string().min(1).max(32),
});

export const InventoryReport = z.object({
  type: z.literal('inventory'),
  hash: sha256Hex,
  document: InventoryDocument,
});

/** Sent instead of the full document when nothing changed since the last acknowledged report. */
export const InventoryUnchanged = z.object({ type: z.literal('inventory.unchanged'), hash: sha256Hex });

export const AgentHeartbeat = z.object({ type: z.literal('heartbeat'), seq, sentAt: z.number() });

/**
 * How the PC is doing now, every few minutes: what changes too often for the inventory (whose
 * history would fill with it) and what alert rules watch.
 */
export const HealthReport = z.object({
  type: z.literal('health'),
  /** Memory in use (not counting what the OS only caches), in percent. */
  memoryUsedPct: z.number().min(0).max(100),
  /** Since when a restart has been pending (updates waiting for it); null when none is. */
  rebootPendingSince: z.string().datetime().nullable(),
});

/** A get-help request from the PC. requestId is the idempotency key: resending it never makes a second ticket. */
export const TicketCreate = z.object({
  type: z.literal('ticket.create'),
  requestId: z.string().uuid(),
  summary: z.string().trim().min(3).max(200),
  details: z.string().max(20_000),
  urgency: Priority,
  osUser: z.string().min(1).max(64),
  diagnostics: DiagnosticsBundle.nullable(),
});

const SessionId = z.string().uuid();
const Cols = z.number().int().min(1).max(10_000);
const Rows = z.number().int().min(1).max(10_000);

/** The shell runs (after consent where the policy asks for it). */
export const ShellAccept = z.object({ type: z.literal('shell.accept'), sessionId: SessionId, decision: z.enum(['accepted', 'not_required']) });
/** No shell: the employee refused, did not answer in time, or the PC cannot start one. */
export const ShellDeny = z.object({
  type: z.literal('shell.deny'),
  sessionId: SessionId,
  reason: z.enum(['denied', 'timeout', 'unavailable', 'limit']),
  message: z.string().max(500),
});
export const ShellExit = z.object({
  type: z.literal('shell.exit'),
  sessionId: SessionId,
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  /** Absent from older agents: the shell exited by itself. */
  reason: z.enum(['exited', 'ended_at_pc', 'agent_stopping']).optional(),
});

export const AgentMessage = z.discriminatedUnion('type', [
  Hello,
  InventoryReport,
  InventoryUnchanged,
  AgentHeartbeat,
  HealthReport,
  TicketCreate,
  ShellAccept,
  ShellDeny,
  ShellExit,
  ScriptDone,
  FileAccept,
  FileAck,
  FileDone,
  FileError,
]);
export type AgentMessage = z.infer<typeof AgentMessage>;

/**
 * Over how long this server's agents should spread their return if it goes away: a random part
 * of it is added to an agent's first retry, so thousands of agents do not all knock at the same
 * moment on whichever servers are left. Sized by the server from its own fleet.
 */
const reconnectSpreadMs = z.number().int().min(0).max(600_000).optional();

export const Welcome = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int().positive(),
  deviceId: z.string().uuid(),
  heartbeatIntervalMs: z.number().int().positive(),
  serverTime: z.number(),
  reconnectSpreadMs,
});

export const HeartbeatAck = z.object({ type: z.literal('heartbeat.ack'), seq, serverTime: z.number(), reconnectSpreadMs });

export const InventoryAck = z.object({ type: z.literal('inventory.ack'), hash: sha256Hex });

/** The server does not hold the document behind an unchanged-hash ping and asks for it whole. */
export const InventoryRequest = z.object({ type: z.literal('inventory.request') });

export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(errorCodeValues),
  message: z.string(),
  /** The request this error answers, when it answers one. */
  requestId: z.string().optional(),
});

export const TicketCreated = z.object({ type: z.literal('ticket.created'), requestId: z.string().uuid(), ticketId: z.number().int().positive() });

/**
 * A technician replied on, or changed the status of, a ticket from this PC: the agent tells the
 * person at it (the Get-help page, a desktop notification), reading the ticket as them first.
 */
export const TicketActivityPush = z.object({
  type: z.literal('ticket.activity'),
  ticketId: z.number().int().positive(),
  change: z.enum(['comment', 'status']),
  status: z.enum(['new', 'open', 'waiting', 'resolved', 'closed']),
});

export const ShellOpen = z.object({
  type: z.literal('shell.open'),
  sessionId: SessionId,
  cols: Cols,
  rows: Rows,
  consent: z.enum(['prompt', 'notify', 'unattended']),
  technician: z.string().min(1).max(64),
  reason: z.string().max(500).nullable(),
  ticketId: z.number().int().positive().nullable(),
  /**
   * How long the person at the PC has to answer a `prompt`: the server's setting, so the PC
   * and the server give up together. Absent from older servers (the agent then waits 60 s).
   */
  consentTimeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
});
export const ShellResize = z.object({ type: z.literal('shell.resize'), sessionId: SessionId, cols: Cols, rows: Rows });
export const ShellClose = z.object({ type: z.literal('shell.close'), sessionId: SessionId });
/**
 * Flow control: the server has passed on `bytes` more of the session's output to the technician,
 * so the agent may send that many more (see TERMINAL_LIMITS.windowBytes).
 */
export const ShellAck = z.object({ type: z.literal('shell.ack'), sessionId: SessionId, bytes: z.number().int().positive().max(1 << 30) });

export const ServerMessage = z.discriminatedUnion('type', [
  Welcome,
  HeartbeatAck,
  InventoryAck,
  InventoryRequest,
  ErrorFrame,
  TicketCreated,
  TicketActivityPush,
  ShellOpen,
  ShellResize,
  ShellClose,
  ShellAck,
  ScriptRun,
  ScriptCancel,
  FileOpen,
  FileAck,
  FileEnd,
  FileClose,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export type MessageOf<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;
