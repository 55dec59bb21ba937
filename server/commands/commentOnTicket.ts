import { hasRole } from '../../shared/roles.js';
import { forbidden } from '../errors.js';
import type { Repos, Store, Ticket, User } from '../storage/types.js';
import { audit } from './audit.js';
import { refreshSla } from './ticketSla.js';
import { changeStatus } from './updateTicket.js';

/**
 * Adds a reply. The requester's reply reopens a resolved ticket and ends a waiting one; a
 * technician's first public reply is the first response that stops the response clock.
 */
export async function commentOnTicket(
  store: Store,
  actor: User,
  ticket: Ticket,
  input: { body: string; internal: boolean },
  /** More writes in the same transaction (an email's Message-ID remembered with its reply). */
  within?: (repos: Repos, commentId: number) => Promise<void>,
): Promise<number> {
  const technician = hasRole(actor.role, 'technician');
  if (input.internal && !technician) throw forbidden('only technicians write internal notes');
  const at = new Date().toISOString();
  return store.transaction(async (repos) => {
    const commentId = await repos.tickets.addComment(ticket.id, { authorId: actor.id, body: input.body, internal: input.internal, createdAt: at });
    const technicianReply = technician && !input.internal && actor.id !== ticket.requesterId;
    const firstResponse = technicianReply && !ticket.firstResponseAt;
    // A reply is a change: it moves the ticket's version, against which others' replies are checked.
    await repos.tickets.update(ticket.id, { updatedAt: at, ...(firstResponse ? { firstResponseAt: at } : {}) });
    await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'comment', data: { commentId, internal: input.internal } });
    if (actor.id === ticket.requesterId && (ticket.status === 'resolved' || ticket.status === 'waiting')) {
      await changeStatus(repos, ticket, 'open', actor, at);
    } else if (technicianReply) {
      if (firstResponse) await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'first_response', data: {} });
      if (ticket.status === 'new') await changeStatus(repos, ticket, 'open', actor, at);
    }
    await refreshSla(repos, ticket.id);
    await repos.notices.add({ ticketId: ticket.id, kind: 'comment', actorId: actor.id, data: { commentId, internal: input.internal, body: input.body }, createdAt: at });
    await audit(repos, actor.username, 'ticket.comment', String(ticket.id), { commentId, internal: input.internal });
    await within?.(repos, commentId);
    return commentId;
  });
}
