import { z } from 'zod';
import { ConfirmRequest, RatingRequest, TicketDetail, TicketIdParams, TicketRatingView, TicketView } from '../../../shared/api/tickets.js';
import { TICKET_LIMITS } from '../../../shared/api/tickets.js';
import { commentOnTicket } from '../../commands/commentOnTicket.js';
import { confirmResolution, rateTicket } from '../../commands/requesterVerdict.js';
import { accountNamesFor } from '../../commands/openHelpRequest.js';
import type { Device } from '../../storage/types.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { presentTicket, presentTicketDetail } from '../../presenters/tickets.js';

/** The OS user the agent proved to be asking (its Get-help page on Linux); absent, the PC's people. */
const AsOsUser = z.object({ osUser: z.string().min(1).max(64).optional() });

const AgentReply = z.object({ body: z.string().trim().min(1).max(TICKET_LIMITS.commentMax) }).strict();

/**
 * What the agent's local Get-help page needs, authenticated by the device credential: the
 * tickets opened from this PC, and replies on them as their requester. Internal notes never
 * leave the server this way.
 */
export function agentApiRoutes(deps: AppDeps) {
  const { store } = deps;
  /**
   * The PC's own people: those linked to it and confirmed; only their tickets show there. When the
   * agent says which OS user is asking (it can tell on Linux, see agent/gethelp/peer.ts), only
   * that person's.
   */
  const peopleOf = async (device: Device, osUser: string | undefined) => {
    const names = osUser === undefined ? null : new Set(accountNamesFor(osUser, device.hostname));
    const links = (await store.deviceUsers.list(device.id)).filter((l) => l.confirmedAt && (!names || names.has(l.username)));
    return new Set(links.map((l) => l.userId));
  };
  /** The PC speaks for the ticket's requester, one of its people (ticketOfDevice checked). */
  const requesterOf = async (t: { requesterId: string }) => {
    const requester = await store.users.findById(t.requesterId);
    if (!requester) throw notFound('requester');
    return requester;
  };
  const ticketOfDevice = async (device: Device, id: number, osUser: string | undefined) => {
    const t = await store.tickets.findById(id);
    if (!t || t.deviceId !== device.id || !(await peopleOf(device, osUser)).has(t.requesterId)) throw notFound('ticket');
    return t;
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/agent/tickets',
      summary: "Tickets about the calling PC whose requester is one of its confirmed users (device credential)",
      tag: 'agent',
      access: 'device',
      query: AsOsUser,
      response: z.array(TicketView),
      async handler({ device, query }) {
        const [{ tickets }, people] = await Promise.all([
          store.tickets.list({ deviceId: device!.id, now: new Date().toISOString(), limit: 100, offset: 0 }),
          peopleOf(device!, query.osUser),
        ]);
        return tickets.filter((t) => people.has(t.requesterId)).map((t) => presentTicket(t));
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/agent/tickets/:id',
      summary: 'One ticket of the calling PC with its public replies',
      tag: 'agent',
      access: 'device',
      params: TicketIdParams,
      query: AsOsUser,
      response: TicketDetail,
      async handler({ device, params, query }) {
        const t = await ticketOfDevice(device!, params.id, query.osUser);
        const [comments, events, rating] = await Promise.all([store.tickets.comments(t.id), store.tickets.events(t.id), store.ratings.get(t.id)]);
        return presentTicketDetail(t, comments, events, null, false, {
          rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } : null,
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/agent/tickets/:id/comments',
      summary: 'The requester replies from the PC',
      tag: 'agent',
      access: 'device',
      params: TicketIdParams,
      query: AsOsUser,
      body: AgentReply,
      response: z.object({ id: z.number().int() }),
      status: 201,
      async handler({ device, params, body, query }) {
        const t = await ticketOfDevice(device!, params.id, query.osUser);
        return { id: await commentOnTicket(store, await requesterOf(t), t, { body: body.body, internal: false }) };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/agent/tickets/:id/confirm',
      summary: 'The requester answers a resolution from the PC: fixed closes it, not fixed reopens it',
      tag: 'agent',
      access: 'device',
      params: TicketIdParams,
      query: AsOsUser,
      body: ConfirmRequest,
      response: TicketView,
      errors: { 409: 'The ticket is not resolved' },
      async handler({ device, params, body, query }) {
        const t = await ticketOfDevice(device!, params.id, query.osUser);
        return presentTicket(await confirmResolution(store, await requesterOf(t), t, body));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/agent/tickets/:id/rating',
      summary: 'The requester rates a resolved ticket from the PC (once)',
      tag: 'agent',
      access: 'device',
      params: TicketIdParams,
      query: AsOsUser,
      body: RatingRequest,
      response: TicketRatingView,
      status: 201,
      errors: { 409: 'The ticket is not resolved yet, or was rated already' },
      async handler({ device, params, body, query }) {
        const t = await ticketOfDevice(device!, params.id, query.osUser);
        const r = await rateTicket(store, await requesterOf(t), t, body);
        return { score: r.score, comment: r.comment, ratedAt: r.ratedAt };
      },
    }),
  ];
}
