import { z } from 'zod';
import {
  CommentRequest,
  ConfirmRequest,
  RatingRequest,
  TicketRatingView,
  CreateTicketRequest,
  TicketComment,
  TicketDetail,
  TicketIdParams,
  TicketListQuery,
  TicketPatch,
  TicketView,
} from '../../../shared/api/tickets.js';
import { hasRole } from '../../../shared/roles.js';
import { commentOnTicket } from '../../commands/commentOnTicket.js';
import { openTicket } from '../../commands/openTicket.js';
import { updateTicket } from '../../commands/updateTicket.js';
import { confirmResolution, rateTicket } from '../../commands/requesterVerdict.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { route } from '../../http/route.js';
import { attachmentRoutes } from './attachments.js';
import { presentComment, presentTicket, presentTicketDetail } from '../../presenters/tickets.js';
import { presentSession } from '../../presenters/sessions.js';
import type { User } from '../../storage/types.js';

/** The queue's open tickets: not yet resolved. */
const ACTIVE = ['new', 'open', 'waiting'] as const;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export function ticketRoutes(deps: AppDeps) {
  const { store } = deps;
  /** The ticket if this user may see it; an employee's view of another's ticket is a 404, not a 403. */
  const visibleTicket = async (user: User, id: number) => {
    const t = await store.tickets.findById(id);
    if (!t || (!hasRole(user.role, 'technician') && t.requesterId !== user.id)) throw notFound('ticket');
    return t;
  };

  return [
    route({
      method: 'get',
      path: '/api/v1/tickets',
      summary: 'Tickets, soonest SLA due first; employees see their own. X-Total-Count gives the total',
      tag: 'tickets',
      access: 'employee',
      query: TicketListQuery,
      response: z.array(TicketView),
      headers: { 'X-Total-Count': 'How many tickets match the filters, before paging' },
      async handler({ query, user, res }) {
        let assigneeId: string | null | undefined;
        if (query.assignee === 'none') assigneeId = null;
        else if (query.assignee) {
          const assignee = await store.users.findByUsername(query.assignee);
          // Nobody of that name is assigned anything.
          if (!assignee) {
            res.setHeader('X-Total-Count', '0');
            return [];
          }
          assigneeId = assignee.id;
        }
        const now = Date.now();
        const { tickets, total } = await store.tickets.list({
          ...query,
          status: query.status === 'active' ? ACTIVE : query.status,
          assigneeId,
          deviceId: query.device,
          requesterId: hasRole(user!.role, 'technician') ? undefined : user!.id,
          now: new Date(now).toISOString(),
        });
        res.setHeader('X-Total-Count', String(total));
        return tickets.map((t) => presentTicket(t, now));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets',
      summary: 'Open a ticket; an Idempotency-Key header makes a resend return the same ticket',
      tag: 'tickets',
      access: 'employee',
      body: CreateTicketRequest,
      response: TicketView,
      status: 201,
      async handler({ body, user, req, setStatus }) {
        const key = req.get('idempotency-key') ?? null;
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
          throw new AppError(ErrorCode.invalidInput, 'header Idempotency-Key: 8 to 100 letters, digits, - or _');
        }
        // Scoped to the user: another account's key must neither find nor block this one's ticket.
        const { ticket, created } = await openTicket(store, user!, body, key === null ? null : `user:${user!.id}:${key}`);
        if (!created) setStatus(200);
        return presentTicket(ticket);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id',
      summary: 'A ticket with its replies and timeline',
      tag: 'tickets',
      access: 'employee',
      params: TicketIdParams,
      response: TicketDetail,
      async handler({ params, user }) {
        const t = await visibleTicket(user!, params.id);
        const staff = hasRole(user!.role, 'technician');
        const [comments, events, diagnostics, inventoryChanges, sessions, attachments, rating] = await Promise.all([
          store.tickets.comments(t.id),
          store.tickets.events(t.id),
          store.tickets.diagnostics(t.id),
          t.deviceId ? store.devices.changes(t.deviceId, 10) : Promise.resolve([]),
          staff ? store.shellSessions.list({ ticketId: t.id, limit: 100, offset: 0 }) : Promise.resolve([]),
          store.attachments.list(t.id),
          store.ratings.get(t.id),
        ]);
        const codes = [...new Set((diagnostics?.findings ?? []).map((f) => f.code))];
        const suggested = (
          await Promise.all(codes.map(async (finding) => (await store.faq.search({ finding, limit: 3 })).map((a) => ({ id: a.id, title: a.title, finding }))))
        ).flat();
        // Assignments name people: the timeline says who, not which id.
        const assigneeIds = [...new Set(events.filter((e) => e.type === 'assignee').flatMap((e) => [e.data.from, e.data.to]).filter((v): v is string => typeof v === 'string'))];
        const names = new Map((await Promise.all(assigneeIds.map((i) => store.users.findById(i)))).flatMap((u) => (u ? [[u.id, u.username] as const] : [])));
        for (const e of events) {
          if (e.type !== 'assignee') continue;
          if (typeof e.data.from === 'string') e.data.fromName = names.get(e.data.from) ?? null;
          if (typeof e.data.to === 'string') e.data.toName = names.get(e.data.to) ?? null;
        }
        return presentTicketDetail(t, comments, events, diagnostics, staff, {
          suggestedArticles: suggested,
          inventoryChanges,
          sessions: sessions.map(presentSession),
          attachments: attachments.map(({ ticketId: _, ...a }) => a),
          rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } : null,
        });
      },
    }),
    ...attachmentRoutes(deps, visibleTicket),
    route({
      method: 'patch',
      path: '/api/v1/tickets/:id',
      summary: 'Change status, priority or assignee',
      tag: 'tickets',
      access: 'technician',
      params: TicketIdParams,
      body: TicketPatch,
      response: TicketView,
      errors: { 409: 'The ticket cannot make this status change (a closed ticket is final)' },
      handler: async ({ params, body, user }) => presentTicket(await updateTicket(store, user!, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/comments',
      summary: 'Reply on a ticket (technicians may add internal notes)',
      tag: 'tickets',
      access: 'employee',
      params: TicketIdParams,
      body: CommentRequest,
      response: TicketComment,
      status: 201,
      errors: { 409: 'basedOn was given and the ticket changed since that version (code ticket_changed): read it, then send again or without basedOn' },
      async handler({ params, body, user }) {
        const t = await visibleTicket(user!, params.id);
        if (body.basedOn !== undefined && body.basedOn !== t.updatedAt) {
          throw new AppError(ErrorCode.ticketChanged, `ticket #${t.id} changed since you opened it (now at ${t.updatedAt}): read the change, then send again`);
        }
        const id = await commentOnTicket(store, user!, t, { body: body.body, internal: body.internal });
        return presentComment((await store.tickets.comments(t.id)).find((c) => c.id === id)!);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/confirm',
      summary: 'The requester answers a resolution: {fixed:true} closes the ticket; {fixed:false, comment} reopens it with what is still wrong',
      tag: 'tickets',
      access: 'employee',
      params: TicketIdParams,
      body: ConfirmRequest,
      response: TicketView,
      errors: { 409: 'The ticket is not resolved' },
      async handler({ params, body, user }) {
        const t = await visibleTicket(user!, params.id);
        return presentTicket(await confirmResolution(store, user!, t, body));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/rating',
      summary: 'The requester rates how a resolved or closed ticket was handled, 1 to 5 with a comment (once)',
      tag: 'tickets',
      access: 'employee',
      params: TicketIdParams,
      body: RatingRequest,
      response: TicketRatingView,
      status: 201,
      errors: { 409: 'The ticket is not resolved yet, or was rated already' },
      async handler({ params, body, user }) {
        const t = await visibleTicket(user!, params.id);
        const r = await rateTicket(store, user!, t, body);
        return { score: r.score, comment: r.comment, ratedAt: r.ratedAt };
      },
    }),
  ];
}
