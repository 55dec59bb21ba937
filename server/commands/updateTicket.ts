import type { z } from 'zod';
import { TRANSITIONS, type TicketPatch } from '../../shared/api/tickets.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { hasRole } from '../../shared/roles.js';
import { AppError, notFound } from '../errors.js';
import type { Repos, Store, Ticket, TicketStatus, User } from '../storage/types.js';
import { audit } from './audit.js';
import { refreshSla } from './ticketSla.js';
import { knownCategory } from './ticketCategories.js';

/** Moves a ticket to another status, recording the event; refuses transitions the workflow does not allow. */
export async function changeStatus(repos: Repos, ticket: Ticket, to: TicketStatus, actor: { id: string; username: string }, at: string): Promise<void> {
  if (ticket.status === to) return;
  if (!TRANSITIONS[ticket.status].includes(to)) {
    throw new AppError(ErrorCode.conflict, `a ${ticket.status} ticket cannot become ${to}`);
  }
  await repos.tickets.update(ticket.id, { status: to, updatedAt: at, ...(to === 'resolved' ? { resolvedAt: at } : to === 'open' ? { resolvedAt: null } : {}) });
  await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'status', data: { from: ticket.status, to } });
  await repos.notices.add({ ticketId: ticket.id, kind: 'status', actorId: actor.id, data: { from: ticket.status, to }, createdAt: at });
  ticket.status = to;
}

/** A technician changes status, priority, assignee, category or tags; each change is an event and an audit entry. */
export async function updateTicket(store: Store, actor: User, id: number, patch: z.infer<typeof TicketPatch>): Promise<Ticket> {
  const ticket = await store.tickets.findById(id);
  if (!ticket) throw notFound('ticket');
  if (patch.assigneeId) {
    const assignee = await store.users.findById(patch.assigneeId);
    if (!assignee || !hasRole(assignee.role, 'technician')) {
      throw new AppError(ErrorCode.invalidInput, 'body.assigneeId: not a technician or admin');
    }
  }
  const category = patch.category ? await knownCategory(store, patch.category) : patch.category;
  const at = new Date().toISOString();
  await store.transaction(async (repos) => {
    if (category !== undefined && category !== ticket.category) {
      await repos.tickets.update(id, { category, updatedAt: at });
      await repos.tickets.addEvent(id, { at, actor: actor.username, type: 'category', data: { from: ticket.category, to: category } });
    }
    if (patch.tags) {
      const added = patch.tags.filter((t) => !ticket.tags.includes(t));
      const removed = ticket.tags.filter((t) => !patch.tags!.includes(t));
      if (added.length || removed.length) {
        await repos.tickets.update(id, { tags: patch.tags, updatedAt: at });
        await repos.tickets.addEvent(id, { at, actor: actor.username, type: 'tags', data: { added, removed } });
      }
    }
    if (patch.priority && patch.priority !== ticket.priority) {
      await repos.tickets.update(id, { priority: patch.priority, updatedAt: at });
      await repos.tickets.addEvent(id, { at, actor: actor.username, type: 'priority', data: { from: ticket.priority, to: patch.priority } });
      await repos.notices.add({ ticketId: id, kind: 'priority', actorId: actor.id, data: { from: ticket.priority, to: patch.priority }, createdAt: at });
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) {
      await repos.tickets.update(id, { assigneeId: patch.assigneeId, updatedAt: at });
      await repos.tickets.addEvent(id, { at, actor: actor.username, type: 'assignee', data: { from: ticket.assigneeId, to: patch.assigneeId } });
      await repos.notices.add({ ticketId: id, kind: 'assigned', actorId: actor.id, data: { to: patch.assigneeId }, createdAt: at });
    }
    if (patch.status) await changeStatus(repos, ticket, patch.status, actor, at);
    await refreshSla(repos, id);
    await audit(repos, actor.username, 'ticket.update', String(id), patch);
  });
  return (await store.tickets.findById(id))!;
}
