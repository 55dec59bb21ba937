import { describe, expect, it } from 'vitest';
import type { InboundMail } from './message.js';
import { parseInbound } from './message.js';
import { cleanSubject, robotReason, ticketReferences, withoutQuote } from './rules.js';

const ours = { domain: 'desk.example.com', address: 'help@example.com' };

function mail(over: Partial<InboundMail> & { header?: Record<string, string> } = {}): InboundMail {
  const { header, ...rest } = over;
  return {
    messageId: '<abc@mail.example.org>',
    from: { address: 'ann@example.org', name: 'Ann' },
    subject: 'Printer jams',
    text: 'It jams.',
    refersTo: [],
    headers: new Map(Object.entries(header ?? {})),
    contentType: 'text/plain',
    attachments: [],
    ...rest,
  };
}

describe('robotReason', () => {
  it('lets a person through', () => {
    expect(robotReason(mail(), ours)).toBeNull();
    expect(robotReason(mail({ header: { 'auto-submitted': 'no' } }), ours)).toBeNull();
    expect(robotReason(mail({ header: { precedence: 'first-class' } }), ours)).toBeNull();
  });

  it.each([
    [{ header: { 'auto-submitted': 'auto-replied' } }, /Auto-Submitted: auto-replied/],
    [{ header: { 'auto-submitted': 'Auto-Generated' } }, /Auto-Submitted: auto-generated/],
    [{ header: { precedence: 'bulk' } }, /Precedence: bulk/],
    [{ header: { precedence: 'auto_reply' } }, /Precedence: auto_reply/],
    [{ header: { precedence: 'list' } }, /Precedence: list/],
    [{ header: { 'x-autoreply': 'yes' } }, /auto-reply/],
    [{ contentType: 'multipart/report; report-type=delivery-status' }, /bounce/],
    [{ from: { address: 'MAILER-DAEMON@mx.example.org', name: '' } }, /bounce or a robot/],
    [{ from: { address: 'postmaster@example.org', name: '' } }, /bounce or a robot/],
    [{ from: { address: 'no-reply@vendor.example', name: '' } }, /bounce or a robot/],
    [{ messageId: '<n-17.1@DESK.example.com>' }, /our own messages/],
    [{ from: { address: 'help@example.com', name: 'Desk' } }, /our own address/],
  ] as const)('turns away %j', (over, reason) => {
    expect(robotReason(mail(over as Partial<InboundMail>), ours)).toMatch(reason);
  });
});

describe('ticketReferences', () => {
  it('reads [#n] from the subject and our thread ids from the references', () => {
    const refs = ticketReferences(
      mail({ subject: 'Re: [#42] Printer jams', refersTo: ['<ticket-42@desk.example.com>', '<n-9.1@desk.example.com>', '<x@other.example>'] }),
      'desk.example.com',
    );
    expect(refs).toEqual({ fromSubject: 42, fromThread: [42], otherIds: ['<n-9.1@desk.example.com>', '<x@other.example>'] });
  });

  it('does not take a thread id on a look-alike domain', () => {
    const refs = ticketReferences(mail({ refersTo: ['<ticket-5@deskXexample.com>', '<ticket-6@desk.example.com.evil>'] }), 'desk.example.com');
    expect(refs.fromThread).toEqual([]);
    expect(refs.fromSubject).toBeNull();
  });
});

describe('cleanSubject', () => {
  it.each([
    ['Re: [#12] Printer jams', 'Printer jams'],
    ['RE: Fwd: AW: printer', 'printer'],
    ['[#3] Re: screen', 'screen'],
    ['Remote desktop', 'Remote desktop'],
    ['   ', ''],
  ])('%s → %s', (subject, expected) => {
    expect(cleanSubject(subject)).toBe(expected);
  });
});

describe('withoutQuote', () => {
  it('keeps the reply above "On … wrote:"', () => {
    expect(withoutQuote('Thanks, it works.\n\nOn Tue, 1 Dec 2026 at 10:00, Desk <help@example.com> wrote:\n> Try again\n> please')).toBe('Thanks, it works.');
  });

  it('keeps the reply above an Outlook-style original message', () => {
    expect(withoutQuote('Still broken.\n-----Original Message-----\nFrom: Desk')).toBe('Still broken.');
  });

  it('cuts a trailing block of quoted lines, not quotes inside the reply', () => {
    expect(withoutQuote('> you said\nno, I did not\n\n> older\n> text')).toBe('> you said\nno, I did not');
  });

  it('keeps everything when nothing would be left', () => {
    expect(withoutQuote('> only a quote')).toBe('> only a quote');
  });
});

describe('parseInbound', () => {
  it('reduces an HTML-only message to text without markup', async () => {
    const raw = Buffer.from(
      'From: Ann <Ann@Example.org>\r\nTo: help@example.com\r\nSubject: Hello\r\nMessage-ID: m1@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>My <b>screen</b> is black<script>alert(1)</script></p>',
    );
    const m = await parseInbound(raw);
    expect(m.messageId).toBe('<m1@example.org>');
    expect(m.from).toEqual({ address: 'ann@example.org', name: 'Ann' });
    expect(m.text).toContain('My screen is black');
    expect(m.text).not.toMatch(/<[a-z]/i);
  });

  it('reduces an HTML part beside an attachment to text too, keeping the attachment', async () => {
    const raw = Buffer.from(
      [
        'From: bob@example.org',
        'Subject: x',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Printer <b>jammed</b></p><script>alert(1)</script><img src=x onerror=alert(2)><a href="https://evil.example/">see</a>',
        '--b',
        'Content-Type: application/pdf; name="scan.pdf"',
        'Content-Disposition: attachment; filename="scan.pdf"',
        '',
        'PDF',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const m = await parseInbound(raw);
    expect(m.text).toContain('Printer jammed');
    expect(m.text).not.toMatch(/<|alert|evil\.example|onerror/);
    expect(m.attachments.map((a) => a.filename)).toEqual(['scan.pdf']);
  });

  it('names a message without a Message-ID by its bytes, the same on every read', async () => {
    const raw = Buffer.from('From: ann@example.org\r\nSubject: x\r\n\r\nbody');
    const [a, b] = await Promise.all([parseInbound(raw), parseInbound(raw)]);
    expect(a.messageId).toMatch(/^<sha256-[0-9a-f]{64}@deskside\.invalid>$/);
    expect(a.messageId).toBe(b.messageId);
  });

  it('collects In-Reply-To and References in angle brackets', async () => {
    const raw = Buffer.from('From: ann@example.org\r\nSubject: x\r\nIn-Reply-To: <a@x>\r\nReferences: <b@x> <c@x>\r\n\r\nbody');
    expect((await parseInbound(raw)).refersTo).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });
});
