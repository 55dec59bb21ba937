import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError, forbidden } from '../errors.js';
import type { Store, Ticket, TicketRating, User } from '../storage/types.js';
import { audit } from './audit.js';
import { commentOnTicket } from './commentOnTicket.js';
import { refreshSla } from './ticketSla.js';
import { changeStatus } from './updateTicket.js';

const requesterOnly = (actor: User, ticket: Ticket, what: string) => {
  if (actor.id !== ticket.requesterId) throw forbidden(`only the requester ${what}`);
};

/**
 * The requester answers a resolution: fixed closes the ticket; not fixed reopens it, with what
 * is still wrong as their reply (so the technician is told, as of any requester reply).
 */
export async function confirmResolution(store: Store, actor: User, ticket: Ticket, verdict: { fixed: boolean; comment?: string | undefined }): Promise<Ticket> {
  requesterOnly(actor, ticket, 'confirms a fix');
  if (ticket.status !== 'resolved') throw new AppError(ErrorCode.conflict, `ticket #${ticket.id} is ${ticket.status}: only a resolved ticket can be confirmed or reopened`);
  const at = new Date().toISOString();
  if (verdict.fixed) {
    await store.transaction(async (repos) => {
      await changeStatus(repos, ticket, 'closed', actor, at);
      await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'confirmed', data: { fixed: true } });
      await refreshSla(repos, ticket.id);
      await audit(repos, actor.username, 'ticket.confirm', String(ticket.id), { fixed: true });
    });
  } else {
    await commentOnTicket(store, actor, ticket, { body: verdict.comment!, internal: false }, async (repos) => {
      await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'confirmed', data: { fixed: false } });
      await audit(repos, actor.username, 'ticket.confirm', String(ticket.id), { fixed: false });
    });
  }
  return (await store.tickets.findById(ticket.id))!;
}

/** The requester rates how a resolved (or closed) ticket was handled, once. */
export async function rateTicket(store: Store, actor: User, ticket: Ticket, input: { score: number; comment: string }): Promise<TicketRating> {
  requesterOnly(actor, ticket, 'rates a ticket');
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
    throw new AppError(ErrorCode.conflict, `ticket #${ticket.id} is ${ticket.status}: it can be rated once it is resolved`);
  }
  const rating: TicketRating = { ticketId: ticket.id, score: input.score, comment: input.comment, ratedAt: new Date().toISOString(), ratedBy: actor.id };
  await store.transaction(async (repos) => {
    if (!(await repos.ratings.add(rating))) throw new AppError(ErrorCode.conflict, `ticket #${ticket.id} was rated already`);
    await repos.tickets.addEvent(ticket.id, { at: rating.ratedAt, actor: actor.username, type: 'rated', data: { score: input.score } });
    await audit(repos, actor.username, 'ticket.rate', String(ticket.id), { score: input.score });
  });
  return rating;
}
