import { createHash } from 'node:crypto';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { cleanFilename, sniff } from '../attachments/fileKind.js';
import { AppError } from '../errors.js';
import type { Store, Ticket, TicketAttachment, User } from '../storage/types.js';
import { audit } from './audit.js';

/**
 * Keeps a file (a screenshot, a log) on a ticket for everyone who may see the ticket. Its type is
 * read from its bytes; the sender's word for it is not kept. The ticket's version moves, so a
 * reply typed meanwhile is warned about, and watchers hear of it.
 */
export async function attachToTicket(store: Store, actor: User, ticket: Ticket, file: { filename: string; data: Buffer }): Promise<TicketAttachment> {
  const filename = cleanFilename(file.filename);
  if (typeof filename !== 'string') throw new AppError(ErrorCode.invalidInput, filename.error);
  if (file.data.length === 0) throw new AppError(ErrorCode.invalidInput, 'body: the file is empty');
  const { contentType } = sniff(file.data);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const at = new Date().toISOString();
  return store.transaction(async (repos) => {
    const meta = { ticketId: ticket.id, commentId: null, filename, contentType, size: file.data.length, sha256, createdAt: at };
    const id = await repos.attachments.add({ ...meta, data: file.data });
    await repos.tickets.update(ticket.id, { updatedAt: at });
    const data = { attachmentId: id, filename, size: meta.size };
    await repos.tickets.addEvent(ticket.id, { at, actor: actor.username, type: 'attachment', data });
    await repos.notices.add({ ticketId: ticket.id, kind: 'attachment', actorId: actor.id, data, createdAt: at });
    await audit(repos, actor.username, 'ticket.attachment', String(ticket.id), { ...data, sha256 });
    return { id, ...meta };
  });
}
