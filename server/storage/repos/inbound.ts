import type { Kysely, Selectable } from 'kysely';
import type { Database, InboundMessagesTable, TicketAttachmentsTable } from '../schema.js';
import type { AttachmentRepo, InboundOutcome, InboundRecord, InboundRepo, TicketAttachment } from '../mailTypes.js';

const toRecord = (r: Selectable<InboundMessagesTable>): InboundRecord => ({
  messageId: r.message_id,
  receivedAt: r.received_at,
  sender: r.sender,
  subject: r.subject,
  outcome: r.outcome as InboundOutcome,
  reason: r.reason,
  ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
});

export function inboundRepo(db: Kysely<Database>): InboundRepo {
  return {
    async record(m) {
      const r = await db
        .insertInto('inbound_messages')
        .values({
          message_id: m.messageId,
          received_at: m.receivedAt,
          sender: m.sender,
          subject: m.subject,
          outcome: m.outcome,
          reason: m.reason,
          ticket_id: m.ticketId,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async find(messageId) {
      const r = await db.selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId).executeTakeFirst();
      return r && toRecord(r);
    },
    async list(f) {
      const base = db.selectFrom('inbound_messages').$if(f.outcome !== undefined, (q) => q.where('outcome', '=', f.outcome!));
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('received_at', 'desc').orderBy('message_id').limit(f.limit).offset(f.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { messages: rows.map(toRecord), total: Number(total.n) };
    },
  };
}

const toAttachment = (r: Omit<Selectable<TicketAttachmentsTable>, 'data'>): TicketAttachment => ({
  id: Number(r.id),
  ticketId: Number(r.ticket_id),
  commentId: r.comment_id === null ? null : Number(r.comment_id),
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  createdAt: r.created_at,
});

const META = ['id', 'ticket_id', 'comment_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;

export function attachmentRepo(db: Kysely<Database>): AttachmentRepo {
  return {
    async add(a) {
      const r = await db
        .insertInto('ticket_attachments')
        .values({
          ticket_id: a.ticketId,
          comment_id: a.commentId,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          sha256: a.sha256,
          data: a.data.toString('base64'),
          created_at: a.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async list(ticketId) {
      const rows = await db.selectFrom('ticket_attachments').select(META).where('ticket_id', '=', ticketId).orderBy('id').execute();
      return rows.map(toAttachment);
    },
    async get(ticketId, id) {
      const r = await db.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', ticketId).where('id', '=', id).executeTakeFirst();
      return r && { ...toAttachment(r), data: Buffer.from(r.data, 'base64') };
    },
  };
}
