import { createHash } from 'node:crypto';
import { htmlToText } from 'html-to-text';
import { simpleParser, type AddressObject } from 'mailparser';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A message from the mailbox, reduced to what the desk uses; every text field is plain text. */
export interface InboundMail {
  /** `<…>`; a message without one is named by a hash of its bytes (the same on every read). */
  messageId: string;
  from: { address: string; name: string } | null;
  subject: string;
  text: string;
  /** In-Reply-To and References, each `<…>`. */
  refersTo: string[];
  headers: Map<string, string>;
  contentType: string;
  attachments: InboundAttachment[];
}

const angle = (id: string) => (id.startsWith('<') ? id : `<${id}>`);
const ids = (v: string | string[] | undefined) => (v === undefined ? [] : (Array.isArray(v) ? v : v.split(/\s+/)).filter(Boolean).map(angle));

function firstAddress(v: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  for (const group of list) for (const a of group.value) if (a.address && a.address.includes('@')) return { address: a.address.toLowerCase(), name: a.name ?? '' };
  return null;
}

/**
 * HTML as the plain text a person reads: no tag, script or link target survives. mailparser
 * converts a message that is HTML alone, but not an HTML part beside attachments.
 */
function asText(html: string): string {
  try {
    return htmlToText(html, { wordwrap: false, limits: { maxDepth: 200 }, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] });
  } catch {
    return '';
  }
}

/**
 * Parses a message with mailparser: charsets it knows are decoded, unknown ones fall back to
 * Latin-1 rather than failing; an HTML-only message is reduced to text (no markup survives).
 */
export async function parseInbound(raw: Buffer): Promise<InboundMail> {
  const m = await simpleParser(raw, { skipImageLinks: true });
  const headers = new Map<string, string>();
  for (const [k, v] of m.headers) headers.set(k.toLowerCase(), typeof v === 'string' ? v : typeof v === 'object' && v && 'value' in v ? String((v as { value: unknown }).value) : String(v));
  return {
    messageId: m.messageId ? angle(m.messageId) : `<sha256-${createHash('sha256').update(raw).digest('hex')}@deskside.invalid>`,
    from: firstAddress(m.from),
    subject: (m.subject ?? '').trim(),
    text: (m.text || (typeof m.html === 'string' ? asText(m.html) : '')).replace(/\r\n/g, '\n').trim(),
    refersTo: [...ids(m.inReplyTo), ...ids(m.references)],
    headers,
    contentType: (headers.get('content-type') ?? 'text/plain').toLowerCase(),
    attachments: m.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.related)
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType || 'application/octet-stream', content: a.content })),
  };
}
