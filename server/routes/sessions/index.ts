import { Readable } from 'node:stream';
import { z } from 'zod';
import { SessionIdParams, SessionListQuery, SessionView } from '../../../shared/api/sessions.js';
import type { AppDeps } from '../../deps.js';
import { hasRole } from '../../../shared/roles.js';
import { audit } from '../../commands/audit.js';
import { forbidden, notFound } from '../../errors.js';
import type { Store, User } from '../../storage/types.js';
import { route } from '../../http/route.js';
import { presentSession } from '../../presenters/sessions.js';

/**
 * Who may watch a recording: it shows everything the screen showed on someone's PC, so not every
 * technician, only admins, the technician who ran the session and the assignee of its ticket.
 */
async function mayWatch(store: Store, user: User, s: { technicianId: string; ticketId: number | null }): Promise<boolean> {
  if (hasRole(user.role, 'admin') || s.technicianId === user.id) return true;
  if (s.ticketId === null) return false;
  return (await store.tickets.findById(s.ticketId))?.assigneeId === user.id;
}

export function sessionRoutes(deps: AppDeps) {
  const { store } = deps;
  const find = async (id: string) => {
    const s = await store.shellSessions.findById(id);
    if (!s) throw notFound('session');
    return s;
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/sessions',
      summary: 'Remote shell sessions, newest first',
      tag: 'sessions',
      access: 'technician',
      query: SessionListQuery,
      response: z.array(SessionView),
      async handler({ query }) {
        let technicianId: string | undefined;
        if (query.technician) {
          const u = await store.users.findByUsername(query.technician);
          if (!u) return [];
          technicianId = u.id;
        }
        const list = await store.shellSessions.list({
          ...(query.device ? { deviceId: query.device } : {}),
          ...(query.ticket ? { ticketId: query.ticket } : {}),
          ...(technicianId ? { technicianId } : {}),
          limit: query.limit,
          offset: query.offset,
        });
        return list.map(presentSession);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/sessions/:id',
      summary: 'One remote shell session: who, where, consent, bytes, how it ended',
      tag: 'sessions',
      access: 'technician',
      params: SessionIdParams,
      response: SessionView,
      handler: async ({ params }) => presentSession(await find(params.id)),
    }),
    route({
      method: 'get',
      path: '/api/v1/sessions/:id/recording',
      summary: "The session recording (asciicast v2): for admins, the session's technician and its ticket's assignee; every download is audited",
      tag: 'sessions',
      access: 'technician',
      params: SessionIdParams,
      response: z.string(),
      raw: { contentType: 'application/x-asciicast' },
      async handler({ params, res, user }) {
        const s = await find(params.id);
        if (!(await mayWatch(store, user!, s))) throw forbidden("recordings are for admins, the session's technician and its ticket's assignee");
        if (!s.recordingFile || !s.startedAt) throw notFound('recording');
        const body = await deps.recordings.read(s.recordingFile, s.id);
        if (!body) throw notFound('recording');
        res.setHeader('Content-Type', 'application/x-asciicast');
        res.setHeader('Content-Disposition', `attachment; filename="session-${s.id}.cast"`);
        await audit(store, user!.username, 'session.recording_download', s.deviceId, { sessionId: s.id, bytes: s.recordingBytes });
        await new Promise<void>((resolve, reject) => {
          const stream = Readable.from(body);
          stream.on('error', reject);
          res.on('finish', resolve);
          res.on('close', resolve);
          stream.pipe(res);
        });
        return '';
      },
    }),
  ];
}
