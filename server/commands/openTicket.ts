import type { z } from 'zod';
import type { CreateTicketRequest } from '../../shared/api/tickets.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { hasRole } from '../../shared/roles.js';
import { AppError, forbidden } from '../errors.js';
import type { Channel } from '../../shared/api/tickets.js';
import type { Repos, Store, Ticket, User } from '../storage/types.js';
import { isUniqueViolation } from '../storage/errors.js';
import { audit } from './audit.js';
import { refreshSla } from './ticketSla.js';
import { currentSlaPolicy } from '../sla/policy.js';
import { knownCategory } from './ticketCategories.js';

/**
 * Opens a ticket: the row, its "created" event, its SLA clock and the audit entry, in one
 * transaction. With an idempotency key, a resend returns the ticket the first call created,
 * also when the two arrive at the same time. The key is the caller's to scope (per user, per
 * device): the same key from two callers must not meet.
 */
export async function openTicket(
  store: Store,
  actor: User,
  input: z.infer<typeof CreateTicketRequest>,
  idempotencyKey: string | null = null,
  o: {
    /** Set by the server for requests that came by agent or email; otherwise the input's, or web. */
    channel?: Channel;
    /** More writes in the same transaction (an email's Message-ID remembered with its ticket). */
    within?: (repos: Repos, ticketId: number) => Promise<void>;
    /** The server itself names the PC (an alert on it): no user has to be a known user of it. */
    trustedDevice?: boolean;
  } = {},
): Promise<{ ticket: Ticket; created: boolean }> {
  if (input.channel && input.channel !== 'web' && !o.channel && !hasRole(actor.role, 'technician')) {
    throw forbidden('body.channel: only technicians record how a request came in');
  }
  const channel = o.channel ?? input.channel ?? 'web';
  if (input.tags?.length && !hasRole(actor.role, 'technician')) throw forbidden('body.tags: only technicians tag tickets');
  const category = input.category === undefined ? null : await knownCategory(store, input.category);
  if (idempotencyKey) {
    const existing = await store.tickets.findByIdempotencyKey(idempotencyKey);
    if (existing) return { ticket: existing, created: false };
  }
  let requester = actor;
  if (input.requester !== undefined && input.requester !== actor.username) {
    if (!hasRole(actor.role, 'technician')) throw forbidden('only technicians open tickets on behalf of someone else');
    const other = await store.users.findByUsername(input.requester);
    if (!other || other.deletedAt) throw new AppError(ErrorCode.invalidInput, `body.requester: no user named "${input.requester}"`);
    requester = other;
  }
  if (input.deviceId && !(await store.devices.findById(input.deviceId))) {
    throw new AppError(ErrorCode.invalidInput, 'body.deviceId: no such device');
  }
  // A ticket naming a PC shows on that PC and lets a technician in: an employee names only a PC
  // she is a known user of; a technician opening one for someone may name any.
  if (input.deviceId && !o.trustedDevice && !hasRole(actor.role, 'technician') && !(await store.deviceUsers.find(input.deviceId, requester.id))?.confirmedAt) {
    throw forbidden('body.deviceId: you are not a known user of that PC');
  }
  const now = new Date().toISOString();
  let id: number;
  try {
    id = await store.transaction(async (repos) => {
      const ticketId = await repos.tickets.create({
        slaPolicy: (await currentSlaPolicy(repos)).version,
        category,
        tags: input.tags ?? [],
        summary: input.summary,
        details: input.details,
        priority: input.priority,
        status: 'new',
        requesterId: requester.id,
        createdById: actor.id,
        deviceId: input.deviceId ?? null,
        idempotencyKey,
        createdAt: now,
        channel,
      });
      await repos.tickets.addEvent(ticketId, { at: now, actor: actor.username, type: 'created', data: { priority: input.priority, requester: requester.username } });
      await refreshSla(repos, ticketId);
      await repos.notices.add({ ticketId, kind: 'created', actorId: actor.id, data: { body: input.details }, createdAt: now });
      await audit(repos, actor.username, 'ticket.create', String(ticketId), { priority: input.priority, requester: requester.username, channel });
      await o.within?.(repos, ticketId);
      return ticketId;
    });
  } catch (err) {
    // Two sends of one request arrived together: the other one made the ticket.
    const winner = idempotencyKey && isUniqueViolation(err) ? await store.tickets.findByIdempotencyKey(idempotencyKey) : undefined;
    if (winner) return { ticket: winner, created: false };
    throw err;
  }
  return { ticket: (await store.tickets.findById(id))!, created: true };
}
