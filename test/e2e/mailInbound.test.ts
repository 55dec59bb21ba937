import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, watchedPage } from '../helpers/browser.js';
import { DOVECOT, Dovecot, email } from '../helpers/dovecot.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SmtpReceiver } from '../helpers/smtp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

// CI installs Dovecot (.ci/run) and must run these; a machine without it skips them, saying so.
const haveDovecot = fs.existsSync(DOVECOT) || process.env.CI === 'true';
if (!haveDovecot) console.warn(`skipping the IMAP tests: ${DOVECOT} is missing (apt-get install dovecot-imapd)`);

describe.runIf(haveDovecot)('email to ticket, from a real IMAP mailbox', () => {
  const mailbox = new Dovecot();
  const smtp = new SmtpReceiver();
  let server: TestServer;
  let admin: string;
  let alice: string;
  let aliceId: string;

  beforeAll(async () => {
    await mailbox.start();
    await smtp.start();
    server = await startTestServer({
      DESKSIDE_IMAP_URL: mailbox.url(),
      DESKSIDE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      DESKSIDE_MAIL_FROM: 'Help desk <helpdesk@example.com>',
      DESKSIDE_MAIL_MAX_MB: '1',
    });
    admin = await server.api.login();
    await server.api.request('PUT', '/api/v1/settings/mail', { token: admin, body: { newTicketTo: { mode: 'address', address: 'team@example.com' } } });
    aliceId = (await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'alice', role: 'employee', password: 'correct-horse-battery', email: 'Alice@Example.com' } })).body.id;
    alice = await server.api.login('alice', 'correct-horse-battery');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await smtp.dispose();
    await mailbox.stop();
  });

  const tickets = async (q = '') => (await server.api.request('GET', `/api/v1/tickets?limit=200${q}`, { token: admin })).body as any[];
  const ticket = async (id: number) => (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: admin })).body;
  const ticketNamed = (summary: string) => until(`a ticket "${summary}"`, async () => (await tickets()).find((t) => t.summary === summary));
  const inbound = async (outcome: string) => (await server.api.request('GET', `/api/v1/mail/inbound?outcome=${outcome}`, { token: admin })).body;

  it('opens a ticket for a stranger, who becomes a contact, hears back, and whose reply lands on it', async () => {
    await mailbox.deliver(email({ from: 'Carl Customer <carl@customer.example.net>', subject: 'Invoice portal down', body: 'Since this morning.' }));
    const t = await ticketNamed('Invoice portal down');
    expect(t).toMatchObject({ channel: 'email', requester: { username: 'carl@customer.example.net' }, status: 'new' });
    expect((await ticket(t.id)).details).toBe('Since this morning.');
    // The contact cannot sign in, and sees nothing but through email.
    expect((await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'carl@customer.example.net', password: 'anything-at-all' } })).status).toBe(401);
    const [confirmation] = await smtp.waitFor('carl@customer.example.net');
    expect(confirmation!.mail.subject).toBe(`[#${t.id}] Invoice portal down`);
    await until('the message marked done', async () => ((await mailbox.messages()).find((m) => m.subject === 'Invoice portal down')?.flags.includes('$DesksideDone') ? true : undefined));

    // A reply by subject tag, quoting the confirmation: the quote is left out.
    await mailbox.deliver(email({ from: 'carl@customer.example.net', subject: `Re: [#${t.id}] Invoice portal down`, body: `It works again.\n\nOn Mon, 1 Dec 2026 Help desk wrote:\n> We received your request` }));
    const withReply = await until('the reply', async () => {
      const d = await ticket(t.id);
      return d.comments.length === 1 ? d : undefined;
    });
    expect(withReply.comments[0]).toMatchObject({ body: 'It works again.', internal: false, author: { username: 'carl@customer.example.net' } });

    // A reply naming only our Message-ID (no tag in the subject) finds the ticket too.
    await mailbox.deliver(
      email({ from: 'carl@customer.example.net', subject: 'one more thing', body: 'Also the PDF export.', headers: { 'In-Reply-To': confirmation!.mail.messageId! } }),
    );
    await until('the second reply', async () => ((await ticket(t.id)).comments.length === 2 ? true : undefined));
    expect((await tickets()).filter((x) => x.summary === 'one more thing')).toHaveLength(0);
  });

  it('files an employee’s email under their account, and a reply reopens the resolved ticket', async () => {
    await mailbox.deliver(email({ from: 'alice@example.com', subject: 'Laptop fan loud' }));
    const t = await ticketNamed('Laptop fan loud');
    expect(t.requester.id).toBe(aliceId);
    expect((await server.api.request('GET', '/api/v1/tickets', { token: alice })).body.map((x: any) => x.id)).toContain(t.id);
    expect((await server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: admin, body: { status: 'resolved' } })).status).toBe(200);
    await mailbox.deliver(email({ from: 'ALICE@example.com', subject: `RE: [#${t.id}] Resolved: Laptop fan loud`, body: 'Still loud.' }));
    await until('the ticket reopened', async () => ((await ticket(t.id)).status === 'open' ? true : undefined));
  });

  it('opens a new ticket for a stranger quoting someone else’s ticket number', async () => {
    const theirs = await ticketNamed('Laptop fan loud');
    await mailbox.deliver(email({ from: 'mallory@evil.example.net', subject: `Re: [#${theirs.id}] give me access`, body: 'Hi' }));
    const t = await ticketNamed('give me access');
    expect(t.id).not.toBe(theirs.id);
    expect(t.requester.username).toBe('mallory@evil.example.net');
    expect((await ticket(theirs.id)).comments.map((c: any) => c.body)).not.toContain('Hi');
  });

  it('turns no robot’s message into a ticket, and says why', async () => {
    const before = (await tickets()).length;
    await mailbox.deliver(email({ from: 'carl@customer.example.net', subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } }));
    await mailbox.deliver(email({ from: 'news@vendor.example.net', subject: 'Newsletter', headers: { Precedence: 'bulk' } }));
    await mailbox.deliver(email({ from: 'MAILER-DAEMON@mx.example.net', subject: 'Undelivered Mail Returned to Sender' }));
    await mailbox.deliver(email({ from: 'someone@example.org', subject: 'Looped', messageId: '<0000-loop@example.com>' }));
    await mailbox.deliver(
      email({ from: 'mx@example.org', subject: 'Delivery Status Notification', headers: { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' }, body: '--b\nContent-Type: text/plain\n\nfailed\n--b--' }),
    );
    const ignored = await until('five ignored messages', async () => {
      const b = await inbound('ignored');
      return b.total >= 5 ? b : undefined;
    });
    const reasons = ignored.messages.map((m: any) => m.reason).join(' | ');
    for (const why of ['Auto-Submitted: auto-replied', 'Precedence: bulk', 'mailer-daemon@mx.example.net', 'one of our own messages', 'delivery report']) expect(reasons).toContain(why);
    expect((await tickets()).length).toBe(before);
  });

  it('keeps markup out, attachments downloadable by those who see the ticket, and oversized mail aside', async () => {
    const html = [
      'From: Bob <bob@example.org>',
      'To: desk@example.com',
      'Subject: HTML only',
      'Message-ID: <html-only@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="x"',
      '',
      '--x',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Printer <b>jammed</b></p><script>alert(1)</script><img src=x onerror=alert(2)>',
      '--x',
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Disposition: attachment; filename="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 test bytes').toString('base64'),
      '--x--',
      '',
    ].join('\r\n');
    await mailbox.deliver(html);
    const t = await ticketNamed('HTML only');
    const d = await ticket(t.id);
    expect(d.details).toContain('Printer');
    expect(d.details).toContain('jammed');
    expect(d.details).not.toMatch(/<script|<img|onerror|<p>/i);
    expect(d.attachments).toMatchObject([{ filename: 'scan.pdf', size: 19, sha256: createHash('sha256').update('%PDF-1.4 test bytes').digest('hex') }]);
    const url = `${server.url}/api/v1/tickets/${t.id}/attachments/${d.attachments[0].id}`;
    const download = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="scan.pdf"');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 test bytes');
    expect((await fetch(url, { headers: { authorization: `Bearer ${alice}` } })).status).toBe(404);

    await mailbox.deliver(email({ from: 'bob@example.org', subject: 'Huge', body: 'x'.repeat(1_500_000) }));
    const aside = await until('the huge message set aside', async () => (await inbound('set_aside')).messages.find((m: any) => m.subject === 'Huge'));
    expect(aside.reason).toMatch(/larger than 1 MB/);
    expect((await tickets()).find((x) => x.summary === 'Huge')).toBeUndefined();
  });

  it('survives an unknown charset and a thousand recipients', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `person${i}@example.org`).join(', ');
    await mailbox.deliver(email({ from: 'dora@example.org', subject: 'Odd charset', body: 'caf\u00e9', headers: { 'Content-Type': 'text/plain; charset=x-no-such-charset' }, to: many }));
    const t = await ticketNamed('Odd charset');
    expect((await ticket(t.id)).details).toContain('caf');
  });

  it('reads a message again after a crash before it was marked, and makes nothing twice', async () => {
    const t = await ticketNamed('Odd charset');
    const msg = (await mailbox.messages()).find((m) => m.subject === 'Odd charset')!;
    await mailbox.unflag(msg.uid, '$DesksideDone');
    await mailbox.deliver(email({ from: 'dora@example.org', subject: 'Wake up' }));
    await ticketNamed('Wake up');
    await until('the message marked again', async () => ((await mailbox.messages()).find((m) => m.uid === msg.uid)?.flags.includes('$DesksideDone') ? true : undefined));
    expect((await tickets()).filter((x) => x.summary === 'Odd charset').map((x) => x.id)).toEqual([t.id]);
    const status = (await server.api.request('GET', '/api/v1/mail/status', { token: admin })).body.inbound;
    expect(status).toMatchObject({ configured: true, state: 'ok', folder: 'INBOX', server: `imap://127.0.0.1:${mailbox.port}`, lastError: null });
  });

  it.runIf(fs.existsSync(CHROMIUM) || process.env.CI === 'true')('shows the channel, downloads an attachment and lists set-aside mail in the console', async () => {
    const t = await ticketNamed('HTML only');
    const browser = await launchBrowser();
    try {
      const { page, errors } = await watchedPage(browser);
      await page.goto(`${server.url}/console/#/`);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('admin-test-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.goto(`${server.url}/console/#/tickets/${t.id}`);
      await page.getByText('from bob@example.org by email').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'scan.pdf' }).click()]);
      expect(download.suggestedFilename()).toBe('scan.pdf');
      const file = await download.path();
      expect(fs.readFileSync(file, 'utf8')).toBe('%PDF-1.4 test bytes');

      await page.goto(`${server.url}/console/#/admin`);
      await page.getByText(`Reading INBOX at imap://127.0.0.1:${mailbox.port}: working`).waitFor();
      const received = page.getByRole('table', { name: 'Received messages' });
      await received.getByRole('row', { name: /Huge.*larger than 1 MB/ }).waitFor();
      await page.getByLabel('Received messages shown').selectOption('ignored');
      await received.getByRole('row', { name: /Newsletter.*Precedence: bulk/ }).waitFor();
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a refused sign-in to admins and keeps serving', async () => {
    const wrong = await startTestServer({ DESKSIDE_IMAP_URL: mailbox.url('not-the-password') });
    try {
      const token = await wrong.api.login();
      const s = await until('a failing mailbox', async () => {
        const v = (await wrong.api.request('GET', '/api/v1/mail/status', { token })).body.inbound;
        return v.state === 'failing' ? v : undefined;
      });
      expect(s.lastError).toMatch(/auth|credentials|login/i);
      expect(JSON.stringify(s)).not.toContain('not-the-password');
      expect(wrong.output()).not.toContain('not-the-password');
      expect((await wrong.api.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await wrong.stop();
    }
  });

  it('says when the mailbox server is down or speaks no TLS, tries again, and carries on once it is back', { timeout: 90_000 }, async () => {
    const box = await new Dovecot().start();
    const reader = await startTestServer({ DESKSIDE_IMAP_URL: box.url() });
    const tls = await startTestServer({ DESKSIDE_IMAP_URL: box.url().replace('imap://', 'imaps://') });
    try {
      const token = await reader.api.login();
      const state = async (s: TestServer, t: string) => (await s.api.request('GET', '/api/v1/mail/status', { token: t })).body.inbound;
      await until('the mailbox read', async () => ((await state(reader, token)).state === 'ok' ? true : undefined));
      // An implicit-TLS address on a plain IMAP port: the handshake fails, and says so.
      const tlsToken = await tls.api.login();
      const refused = await until('a failed handshake', async () => {
        const v = await state(tls, tlsToken);
        return v.state === 'failing' ? v : undefined;
      });
      expect(refused.lastError).toMatch(/tls|ssl|handshake|wrong version|socket|closed|timeout/i);

      await box.halt();
      const down = await until('the outage seen', async () => {
        const v = await state(reader, token);
        return v.state === 'failing' ? v : undefined;
      }, 30_000);
      expect(down.lastError).toMatch(/ECONNREFUSED|connect|closed|unexpected/i);
      expect((await reader.api.request('GET', '/healthz')).status).toBe(200);
      await box.resume();
      await box.deliver(email({ from: 'After Outage <after@example.org>', subject: 'Sent while the mailbox was down' }));
      await until('the message read after the outage', async () => {
        const list = (await reader.api.request('GET', '/api/v1/tickets?q=mailbox%20was%20down', { token })).body as { summary: string }[];
        return list.length === 1 ? list : undefined;
      }, 45_000);
      expect((await state(reader, token)).state).toBe('ok');
    } finally {
      await reader.stop();
      await tls.stop();
      await box.stop();
    }
  });
});
