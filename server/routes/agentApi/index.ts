import { z } from 'zod';
import { TicketDetail, TicketIdParams, TicketView } from '../../../shared/api/tickets.js';
import { TICKET_LIMITS } from '../../../shared/api/tickets.js';
import { commentOnTicket } from '../../commands/commentOnTicket.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { presentTicket, presentTicketDetail } from '../../presenters/tickets.js';

const AgentReply = z.object({ body: z.string().trim().min(1).max(TICKET_LIMITS.commentMax) }).strict();

/**
 * What the agent's local Get-help page needs, authenticated by the device credential: the
 * tickets opened from this PC, and replies on them as their requester. Internal notes never
 * leave the server this way.
 */
export function agentApiRoutes(deps: AppDeps) {
  const { store } = deps;
  /** The PC's own people: those linked to it and confirmed. Only their tickets show there. */
  const peopleOf = async (deviceId: string) => new Set((await store.deviceUsers.list(deviceId)).filter((l) => l.confirmedAt).map((l) => l.userId));
  const ticketOfDevice = async (deviceId: string, id: number) => {
    const t = await store.tickets.findById(id);
    if (!t || t.deviceId !== deviceId || !(await peopleOf(deviceId)).has(t.requesterId)) throw notFound('ticket');
    return t;
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/agent/tickets',
      summary: "Tickets about the calling PC whose requester is one of its confirmed users (device credential)",
      tag: 'agent',
      access: 'device',
      response: z.array(TicketView),
      async handler({ device }) {
        const [{ tickets }, people] = await Promise.all([
          store.tickets.list({ deviceId: device!.id, now: new Date().toISOString(), limit: 100, offset: 0 }),
          peopleOf(device!.id),
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
      response: TicketDetail,
      async handler({ device, params }) {
        const t = await ticketOfDevice(device!.id, params.id);
        const [comments, events] = await Promise.all([store.tickets.comments(t.id), store.tickets.events(t.id)]);
        return presentTicketDetail(t, comments, events, null, false);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/agent/tickets/:id/comments',
      summary: 'The requester replies from the PC',
      tag: 'agent',
      access: 'device',
      params: TicketIdParams,
      body: AgentReply,
      response: z.object({ id: z.number().int() }),
      status: 201,
      async handler({ device, params, body }) {
        const t = await ticketOfDevice(device!.id, params.id);
        const requester = await store.users.findById(t.requesterId);
        if (!requester) throw notFound('requester');
        return { id: await commentOnTicket(store, requester, t, { body: body.body, internal: false }) };
      },
    }),
  ];
}
