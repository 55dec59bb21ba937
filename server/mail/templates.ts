import { markdownToHtml } from '../../shared/markdown.js';
import type { NotificationKind } from '../../shared/api/mail.js';

/** What a message says, gathered by the notifier; every field is text from users, never markup. */
export interface MailFacts {
  ticketId: number;
  summary: string;
  priority: string;
  status: string;
  requester: string;
  /** Who did what the message is about (a technician replying, the requester, an admin). */
  actor: string | null;
  /** A reply's or the new ticket's text. */
  body: string | null;
  /** For SLA messages: which clock and when it is (or was) due. */
  clock: 'response' | 'resolution' | null;
  dueAt: string | null;
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * One line of plain text: CR, LF and other control characters become spaces, so a ticket
 * summary can never add a header to a message whose subject it is part of.
 */
export function oneLine(value: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const when = (iso: string | null) => (iso ? new Date(iso).toUTCString() : 'now');

/** Each kind: the subject after "[#n] ", and paragraphs of plain text (the body quoted after them). */
/** The kinds about one ticket (an alert's message is the alert's: alerts/mail.ts). */
export type TicketNotificationKind = Exclude<NotificationKind, 'alert'>;

const WORDING: Record<TicketNotificationKind, (f: MailFacts) => { subject: string; lines: string[] }> = {
  ticket_opened: (f) => ({
    subject: f.summary,
    lines: [`We received your request and opened ticket #${f.ticketId} (priority ${f.priority}).`, 'A technician will answer here; replying to this email adds to the ticket.'],
  }),
  public_reply: (f) => ({
    subject: `Re: ${f.summary}`,
    lines: [`${f.actor ?? 'A technician'} replied to your request #${f.ticketId}:`],
  }),
  waiting_on_you: (f) => ({
    subject: `Waiting for your answer: ${f.summary}`,
    lines: [`We are waiting for your answer on request #${f.ticketId} before we can go on.`, 'Reply to this email, or answer on the ticket.'],
  }),
  resolved: (f) => ({
    subject: `Resolved: ${f.summary}`,
    lines: [`Your request #${f.ticketId} was marked resolved by ${f.actor ?? 'the help desk'}.`, 'If it is not fixed, reply to this email and the ticket opens again.'],
  }),
  new_ticket: (f) => ({
    subject: `New: ${f.summary}`,
    lines: [`${f.requester} opened ticket #${f.ticketId} (priority ${f.priority}).`],
  }),
  assigned: (f) => ({
    subject: `Assigned to you: ${f.summary}`,
    lines: [`${f.actor ?? 'Someone'} assigned ticket #${f.ticketId} (priority ${f.priority}, ${f.status}) to you.`],
  }),
  requester_replied: (f) => ({
    subject: `Re: ${f.summary}`,
    lines: [`${f.requester} replied on ticket #${f.ticketId}:`],
  }),
  sla_at_risk: (f) => ({
    subject: `SLA at risk: ${f.summary}`,
    lines: [`The ${f.clock ?? 'resolution'} target of ticket #${f.ticketId} (priority ${f.priority}) is due ${when(f.dueAt)}.`],
  }),
  sla_breached: (f) => ({
    subject: `SLA breached: ${f.summary}`,
    lines: [`Ticket #${f.ticketId} (priority ${f.priority}) missed its ${f.clock ?? 'resolution'} target, due ${when(f.dueAt)}.`],
  }),
};

/** The message for one kind: `[#123]` leads the subject (replies find their ticket by it). */
export function renderMail(kind: TicketNotificationKind, f: MailFacts): RenderedMail {
  const { subject, lines } = WORDING[kind](f);
  const body = f.body?.trim() ? f.body.trim() : null;
  const text = [...lines, ...(body ? [body.replace(/^/gm, '> ')] : []), `Ticket: ${f.link}`].join('\n\n') + '\n';
  const html =
    '<!doctype html><html><body style="font-family:sans-serif">' +
    lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
    (body ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${markdownToHtml(body)}</blockquote>` : '') +
    `<p><a href="${escapeHtml(f.link)}">Open ticket #${f.ticketId}</a></p></body></html>`;
  return { subject: oneLine(`[#${f.ticketId}] ${subject}`, 250), text, html };
}
