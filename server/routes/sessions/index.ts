import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SessionIdParams, SessionListQuery, SessionView } from '../../../shared/api/sessions.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { presentSession } from '../../presenters/sessions.js';

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
      summary: 'The session recording (asciicast v2)',
      tag: 'sessions',
      access: 'technician',
      params: SessionIdParams,
      response: z.string(),
      raw: { contentType: 'application/x-asciicast' },
      async handler({ params, res }) {
        const s = await find(params.id);
        if (!s.recordingFile || !s.startedAt) throw notFound('recording');
        const file = path.join(deps.config.dataDir, s.recordingFile);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (!stat) throw notFound('recording');
        res.setHeader('Content-Type', 'application/x-asciicast');
        res.setHeader('Content-Length', String(stat.size));
        res.setHeader('Content-Disposition', `attachment; filename="session-${s.id}.cast"`);
        await new Promise<void>((resolve, reject) => {
          const stream = fs.createReadStream(file);
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
