import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../shared/api/mail.js';
import { oneLine, renderMail, type MailFacts } from './templates.js';

const facts: MailFacts = {
  ticketId: 123,
  summary: 'Printer jams',
  priority: 'high',
  status: 'open',
  requester: 'alice',
  actor: 'tom',
  body: 'Try the second tray.',
  clock: 'response',
  dueAt: '2026-12-01T10:00:00.000Z',
  link: 'https://desk.example.com/console/#/tickets/123',
};

describe('notification templates', () => {
  it('puts [#n] first in every subject and a link to the ticket in both parts', () => {
    for (const kind of NOTIFICATION_KINDS) {
      if (kind === 'alert') continue;
      const m = renderMail(kind, facts);
      expect(m.subject).toMatch(/^\[#123\] /);
      expect(m.text).toContain(facts.link);
      expect(m.html).toContain('href="https://desk.example.com/console/#/tickets/123"');
    }
  });

  it('keeps a summary with line breaks on one subject line (no header injection)', () => {
    const m = renderMail('ticket_opened', { ...facts, summary: 'Hi\r\nBcc: everyone@example.com\r\n\r\nbody' });
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toBe('[#123] Hi Bcc: everyone@example.com body');
    expect(oneLine('a\u2028b\u0000c')).toBe('a b c');
  });

  it('shows HTML given in a field as text, in the HTML part too', () => {
    const m = renderMail('public_reply', { ...facts, body: '<script>alert(1)</script> & <b>bold</b>', actor: '<img src=x onerror=alert(1)>' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(m.text).toContain('> <script>alert(1)</script> & <b>bold</b>');
  });

  it('renders a reply written in Markdown in the HTML part, and keeps it as typed in the text part', () => {
    const m = renderMail('public_reply', { ...facts, body: 'Try **this**:\n\n- restart\n- sign in at [the portal](https://portal.example.com)' });
    expect(m.html).toContain('<p>Try <strong>this</strong>:</p><ul><li>restart</li><li>sign in at <a href="https://portal.example.com" rel="noopener noreferrer">the portal</a></li></ul>');
    expect(m.text).toContain('> - restart');
  });

  it('quotes the reply in the text part and says which clock an SLA message is about', () => {
    expect(renderMail('public_reply', { ...facts, body: 'line one\nline two' }).text).toContain('> line one\n> line two');
    expect(renderMail('sla_breached', facts).text).toContain('missed its response target');
    expect(renderMail('sla_at_risk', { ...facts, clock: 'resolution' }).text).toContain('The resolution target of ticket #123');
  });
});
