import { z } from 'zod';
import { AttachmentParams, AttachmentUploadQuery, AttachmentView, TicketIdParams } from '../../../shared/api/tickets.js';
import { attachToTicket } from '../../commands/attachToTicket.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import type { Ticket, User } from '../../storage/types.js';

/** Files kept on a ticket: sent by email, or attached from the console, the API or the CLI. */
export function attachmentRoutes(deps: AppDeps, visibleTicket: (user: User, id: number) => Promise<Ticket>) {
  const { store } = deps;
  const maxBytes = deps.config.attachmentMaxBytes;
  return [
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/attachments',
      summary: `Attaches a file (the request body, any media type, at most DESKSIDE_ATTACHMENT_MAX_MB) to a ticket the caller may see; its type is read from its bytes`,
      tag: 'tickets',
      access: 'employee',
      params: TicketIdParams,
      query: AttachmentUploadQuery,
      upload: { maxBytes },
      response: AttachmentView,
      status: 201,
      errors: { 413: 'The file is larger than the server keeps (DESKSIDE_ATTACHMENT_MAX_MB)' },
      async handler({ params, query, user, req }) {
        const t = await visibleTicket(user!, params.id);
        const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const { ticketId: _, ...view } = await attachToTicket(store, user!, t, { filename: query.filename, data });
        return view;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/attachments/:attachmentId',
      summary: 'A file that came with the ticket, for whoever may see the ticket; always a download, never shown in the page',
      tag: 'tickets',
      access: 'employee',
      params: AttachmentParams,
      response: z.string(),
      raw: { contentType: 'application/octet-stream' },
      async handler({ params, user, res }) {
        const t = await visibleTicket(user!, params.id);
        const a = await store.attachments.get(t.id, params.attachmentId);
        if (!a) throw notFound('attachment');
        // Whatever the sender said it is, the browser gets bytes to save: an HTML or SVG
        // attachment must not run in the console's origin. The console shows images from
        // these bytes itself, typed by what the server read from them.
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Disposition', `attachment; filename="${a.filename.replace(/[^\w.\- ]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
        res.setHeader('Content-Length', String(a.data.length));
        res.end(a.data);
        return '';
      },
    }),
  ];
}
