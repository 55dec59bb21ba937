import { z } from 'zod';
import { AttentionCounts } from '../../../shared/api/live.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

export function liveRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/events',
      summary:
        'Server-sent events: `ticket` for each change to a ticket this user may see (what changed and its new version; read the ticket for the rest), `hello` first, `end` when the stream is closed (session expired, access changed). Authenticated like any request',
      tag: 'live',
      access: 'employee',
      response: z.string(),
      raw: { contentType: 'text/event-stream' },
      handler({ user, res }) {
        deps.live.add({ id: user!.id, role: user!.role, tokenVersion: user!.tokenVersion }, res, res.locals.sessionExpiresAt as number);
        return '';
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/attention',
      summary: 'How many tickets are new and how many open ones are past an SLA target: the number in the console tab title',
      tag: 'live',
      access: 'technician',
      response: AttentionCounts,
      async handler() {
        const now = new Date().toISOString();
        const count = async (f: { status?: 'new'; slaState?: 'breached' }) => (await store.tickets.list({ ...f, now, limit: 1, offset: 0 })).total;
        const [fresh, breached, both] = await Promise.all([count({ status: 'new' }), count({ slaState: 'breached' }), count({ status: 'new', slaState: 'breached' })]);
        return { new: fresh, breached, total: fresh + breached - both };
      },
    }),
  ];
}
