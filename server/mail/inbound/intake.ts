import { createHash } from 'node:crypto';
import { TICKET_LIMITS } from '../../../shared/api/tickets.js';
import { hasRole } from '../../../shared/roles.js';
import { commentOnTicket } from '../../commands/commentOnTicket.js';
import { openTicket } from '../../commands/openTicket.js';
import { createContact } from '../../commands/createContact.js';
import type { InboundOutcome, Repos, Store, Ticket, User } from '../../storage/types.js';
import type { InboundMail } from './message.js';
import { cleanSubject, robotReason, ticketReferences, withoutQuote } from './rules.js';

export interface IntakeOptions {
  /** Our Message-ID domain and sender address (loops). */
  domain: string;
  address: string | null;
  /** Per attachment; larger ones are named in the text, not kept. */
  maxAttachmentBytes: number;
  maxAttachments: number;
}

export interface IntakeResult {
  outcome: InboundOutcome | 'duplicate';
  ticketId: number | null;
  reason: string | null;
}

/** Thrown inside a transaction whose message was remembered meanwhile: everything rolls back. */
class AlreadyTaken extends Error {}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 40)}\n\n[… shortened: the message was longer]` : s);

/**
 * What a message from the mailbox becomes: a reply on the ticket it names (when its sender is
 * that ticket's requester or a participant), a new ticket (the sender is an account's address,
 * or becomes a contact), or nothing (a robot's: recorded with why). The Message-ID is remembered
 * in the same transaction as the ticket or reply, so a message read again after a crash finds
 * itself remembered and makes nothing twice.
 */
export async function intake(store: Store, mail: InboundMail, o: IntakeOptions, now = new Date()): Promise<IntakeResult> {
  if (await store.inbound.find(mail.messageId)) return { outcome: 'duplicate', ticketId: null, reason: null };
  const receivedAt = now.toISOString();
  const remember = (repos: Pick<Repos, 'inbound'>, outcome: InboundOutcome, ticketId: number | null, reason: string | null) =>
    repos.inbound
      .record({ messageId: mail.messageId, receivedAt, sender: mail.from?.address ?? '', subject: mail.subject.slice(0, 300), outcome, reason, ticketId })
      .then((fresh) => {
        if (!fresh) throw new AlreadyTaken();
      });
  const skip = async (outcome: 'ignored' | 'set_aside', reason: string): Promise<IntakeResult> => {
    await remember(store, outcome, null, reason).catch((err: unknown) => {
      if (!(err instanceof AlreadyTaken)) throw err;
    });
    return { outcome, ticketId: null, reason };
  };

  const robot = robotReason(mail, o);
  if (robot) return skip('ignored', robot);
  if (!mail.from) return skip('set_aside', 'no sender address');
  let sender = await store.users.findByEmail(mail.from.address);
  if (sender?.disabledAt) return skip('set_aside', `the account with ${mail.from.address} is disabled`);

  const { kept, notes } = keptAttachments(mail, o);
  const saveAttachments = async (repos: Repos, ticketId: number, commentId: number | null) => {
    for (const a of kept) {
      await repos.attachments.add({
        ticketId,
        commentId,
        filename: a.filename.slice(0, 200),
        contentType: a.contentType.slice(0, 200),
        size: a.content.length,
        sha256: createHash('sha256').update(a.content).digest('hex'),
        data: a.content,
        createdAt: receivedAt,
      });
    }
  };
  const body = clip([mail.text, ...notes].filter(Boolean).join('\n\n'), TICKET_LIMITS.detailsMax);

  try {
    const ticket = sender ? await repliedTicket(store, mail, sender, o.domain) : undefined;
    if (ticket && sender) {
      await commentOnTicket(store, sender, ticket, { body: clip(withoutQuote(body), TICKET_LIMITS.commentMax) || '(empty reply)', internal: false }, async (repos, commentId) => {
        await remember(repos, 'comment', ticket.id, null);
        await saveAttachments(repos, ticket.id, commentId);
      });
      return { outcome: 'comment', ticketId: ticket.id, reason: null };
    }
    sender ??= await contactFor(store, mail.from);
    const summary = (cleanSubject(mail.subject) || '(no subject)').replace(/\s+/g, ' ').slice(0, TICKET_LIMITS.summaryMax).padEnd(3, '.');
    const { ticket: opened } = await openTicket(
      store,
      sender,
      { summary, details: body, priority: 'normal' },
      `email:${createHash('sha256').update(mail.messageId).digest('hex').slice(0, 64)}`,
      {
        channel: 'email',
        within: async (repos, ticketId) => {
          await remember(repos, 'ticket', ticketId, null);
          await saveAttachments(repos, ticketId, null);
        },
      },
    );
    return { outcome: 'ticket', ticketId: opened.id, reason: null };
  } catch (err) {
    if (err instanceof AlreadyTaken) return { outcome: 'duplicate', ticketId: null, reason: null };
    throw err;
  }
}

/**
 * The ticket a reply belongs to: named by `[#n]` or by our thread or message ids, not closed,
 * and only when the sender is its requester, its assignee or someone who wrote on it. A
 * stranger quoting a ticket number opens a ticket of their own instead.
 */
async function repliedTicket(store: Store, mail: InboundMail, sender: User, domain: string): Promise<Ticket | undefined> {
  const refs = ticketReferences(mail, domain);
  const candidates = [...refs.fromThread];
  if (refs.fromSubject !== null) candidates.unshift(refs.fromSubject);
  for (const id of refs.otherIds.slice(0, 20)) {
    const ours = await store.outbox.findByMessageId(id);
    if (ours?.ticketId) candidates.push(ours.ticketId);
  }
  for (const id of new Set(candidates)) {
    const ticket = await store.tickets.findById(id);
    if (!ticket || ticket.status === 'closed') continue;
    const participant =
      ticket.requesterId === sender.id ||
      ticket.assigneeId === sender.id ||
      hasRole(sender.role, 'technician') ||
      (await store.tickets.comments(id)).some((c) => c.authorId === sender.id);
    if (participant) return ticket;
  }
  return undefined;
}

/** A customer or anyone without an account: a contact who cannot sign in and sees only their own tickets. */
const contactFor = (store: Store, from: { address: string; name: string }): Promise<User> =>
  createContact(store, { name: from.name.trim() || null, email: from.address, phone: null });

function keptAttachments(mail: InboundMail, o: IntakeOptions) {
  const kept: InboundMail['attachments'] = [];
  const notes: string[] = [];
  for (const a of mail.attachments) {
    const mb = (a.content.length / 1024 / 1024).toFixed(1);
    if (a.content.length > o.maxAttachmentBytes) notes.push(`[attachment "${a.filename}" (${mb} MB) not kept: larger than ${Math.round(o.maxAttachmentBytes / 1024 / 1024)} MB]`);
    else if (kept.length >= o.maxAttachments) notes.push(`[attachment "${a.filename}" not kept: more than ${o.maxAttachments} attachments]`);
    else kept.push(a);
  }
  return { kept, notes };
}
