import { z } from 'zod';
import { ConsentPolicy } from '../roles.js';

/** How the person at the PC answered (or did not need to answer) a remote-shell request. */
export const CONSENT_DECISIONS = ['accepted', 'not_required', 'denied', 'timeout', 'unavailable', 'limit'] as const;
export const ConsentDecision = z.enum(CONSENT_DECISIONS);
export type ConsentDecision = z.infer<typeof ConsentDecision>;

export const SESSION_STATES = ['pending', 'active', 'ended', 'refused'] as const;
export const SessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionState>;

/** Why a session ended; shown to the technician in the terminal's `exit` message and kept on the session. */
export const END_REASONS = [
  'exited',
  'closed',
  'ended_at_pc',
  'agent_disconnected',
  'technician_disconnected',
  'device_revoked',
  'idle_timeout',
  'server_shutdown',
  'consent_refused',
  'access_revoked',
  /** Cluster: the server process holding the other end of the session stopped. */
  'server_lost',
  'error',
] as const;
export const EndReason = z.enum(END_REASONS);
export type EndReason = z.infer<typeof EndReason>;

export const SessionView = z.object({
  id: z.string().uuid(),
  deviceId: z.string().uuid(),
  hostname: z.string().nullable(),
  technician: z.object({ id: z.string(), username: z.string() }),
  ticketId: z.number().int().nullable(),
  reason: z.string().nullable(),
  consent: z.object({ policy: ConsentPolicy, decision: ConsentDecision.nullable(), at: z.string().nullable() }),
  state: SessionState,
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: EndReason.nullable(),
  exitCode: z.number().int().nullable(),
  bytesIn: z.number().int(),
  bytesOut: z.number().int(),
  cols: z.number().int(),
  rows: z.number().int(),
  recording: z.object({ url: z.string(), bytes: z.number().int(), truncated: z.boolean() }).nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

export const SessionIdParams = z.object({ id: z.string().uuid('expected a session id') });
export const SessionListQuery = z.object({
  device: z.string().uuid().optional(),
  ticket: z.coerce.number().int().positive().optional(),
  technician: z.string().max(64).optional().describe('a username'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
