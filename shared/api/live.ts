import { z } from 'zod';
import { TicketStatus } from './tickets.js';

/** What happened to a ticket: the kinds of change that reach consoles and PCs as they happen. */
export const TICKET_CHANGES = ['created', 'comment', 'attachment', 'status', 'assigned', 'priority', 'sla_risk', 'sla_breach'] as const;
export const TicketChange = z.enum(TICKET_CHANGES);
export type TicketChange = z.infer<typeof TicketChange>;

/**
 * One change to one ticket, as `GET /api/v1/events` sends it (`event: ticket`). It names what
 * changed and who it concerns, never the content: a client reads the ticket again through the
 * API, which decides what that user may see.
 */
export const TicketActivity = z.object({
  ticketId: z.number().int().positive(),
  change: TicketChange,
  at: z.string().max(40),
  /** The user whose action it was; null for the SLA clock and for mail from a stranger. */
  actorId: z.string().max(64).nullable(),
  requesterId: z.string().max(64),
  assigneeId: z.string().max(64).nullable(),
  status: TicketStatus,
  /** The PC the ticket came from, whose agent tells the person at it. */
  deviceId: z.string().uuid().nullable(),
  /** On comments: a note only technicians see. */
  internal: z.boolean().default(false),
  /** The ticket's version after the change (its updatedAt): a reply typed against an older one is warned about. */
  version: z.string().max(40),
});
export type TicketActivity = z.infer<typeof TicketActivity>;

/** `event: hello`: the stream is open; sent first, so a client knows its events flow from here. */
export const LiveHello = z.object({ userId: z.string(), node: z.string() });
export type LiveHello = z.infer<typeof LiveHello>;

/** The tab title's number: tickets nobody has looked at yet, and open tickets past a target. */
export const AttentionCounts = z.object({
  new: z.number().int().min(0),
  breached: z.number().int().min(0),
  /** New or breached, each ticket counted once. */
  total: z.number().int().min(0),
});
export type AttentionCounts = z.infer<typeof AttentionCounts>;
