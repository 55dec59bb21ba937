import type { InboundMail } from './message.js';

/**
 * Why a message must not become a ticket: it was written by a robot (an auto-reply, a bounce, a
 * list), or by us. Answering one would start a loop of messages between two robots.
 */
export function robotReason(mail: InboundMail, ours: { domain: string; address: string | null }): string | null {
  const h = (k: string) => mail.headers.get(k)?.toLowerCase().trim();
  const auto = h('auto-submitted');
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = h('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'an auto-reply (X-Autoreply)';
  if (mail.contentType.startsWith('multipart/report')) return 'a delivery report (bounce)';
  const local = mail.from?.address.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|no-?reply)$/i.test(local)) return `sent by ${mail.from!.address} (a bounce or a robot)`;
  if (mail.messageId.toLowerCase().endsWith(`@${ours.domain.toLowerCase()}>`)) return 'one of our own messages';
  if (ours.address && mail.from?.address === ours.address.toLowerCase()) return 'sent from our own address';
  return null;
}

/** Ticket numbers a message names: `[#123]` in its subject, then our thread ids among its references. */
export function ticketReferences(mail: InboundMail, domain: string): { fromSubject: number | null; fromThread: number[]; otherIds: string[] } {
  const subject = /\[#(\d{1,9})\]/.exec(mail.subject);
  const thread = new RegExp(`^<ticket-(\\d{1,9})@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>$`, 'i');
  const fromThread: number[] = [];
  const otherIds: string[] = [];
  for (const id of mail.refersTo) {
    const m = thread.exec(id);
    if (m) fromThread.push(Number(m[1]));
    else otherIds.push(id);
  }
  return { fromSubject: subject ? Number(subject[1]) : null, fromThread, otherIds };
}

/** The subject without reply prefixes and our ticket tag: what a new ticket is called. */
export function cleanSubject(subject: string): string {
  return subject
    .replace(/\[#\d+\]/g, '')
    .replace(/^\s*((re|fw|fwd|aw|wg|sv|vs)\s*:\s*)+/i, '')
    .trim();
}

/** The reply above the quoted message, when the quote is marked the usual ways. */
export function withoutQuote(text: string): string {
  const lines = text.split('\n');
  const cut = lines.findIndex((l, i) => /^On .{4,200} wrote:\s*$/.test(l) || /^-{2,}\s*Original Message\s*-{2,}/i.test(l) || (l.startsWith('>') && lines.slice(i).every((x) => x.startsWith('>') || !x.trim())));
  const kept = (cut > 0 ? lines.slice(0, cut) : lines).join('\n').trim();
  return kept || text.trim();
}
