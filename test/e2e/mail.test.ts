import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, watchedPage } from '../helpers/browser.js';
import { skewedClock } from '../helpers/cluster.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SmtpReceiver } from '../helpers/smtp.js';

const FROM = 'Help desk <helpdesk@example.com>';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Desk {
  server: TestServer;
  admin: string;
  tom: string;
  alice: string;
  ids: Record<string, string>;
}

/** A server sending to `receiver`, with an admin, a technician (tom) and an employee (alice), each with an address. */
async function desk(receiver: SmtpReceiver, env: Record<string, string> = {}, url = `smtp://127.0.0.1:${receiver.port}`): Promise<Desk> {
  const server = await startTestServer({ DESKSIDE_SMTP_URL: url, DESKSIDE_MAIL_FROM: FROM, DESKSIDE_MAIL_RETRY_SECONDS: '1', ...env });
  const admin = await server.api.login();
  const me = (await server.api.request('GET', '/api/v1/me', { token: admin })).body;
  await server.api.request('PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { email: 'admin@example.com' } });
  const ids: Record<string, string> = { admin: me.id };
  for (const [username, role] of [
    ['tom', 'technician'],
    ['alice', 'employee'],
  ] as const) {
    const r = await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'correct-horse-battery', email: `${username}@example.com` } });
    ids[username] = r.body.id;
  }
  return { server, admin, ids, tom: await server.api.login('tom', 'correct-horse-battery'), alice: await server.api.login('alice', 'correct-horse-battery') };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('notification emails through a real SMTP server', () => {
  const receiver = new SmtpReceiver();
  let d: Desk;
  beforeAll(async () => {
    await receiver.start();
    d = await desk(receiver);
  });
  afterAll(async () => {
    await d?.server.stop();
    await receiver.dispose();
  });

  it('tells each person what concerns them, in a thread per ticket, never an internal note', async () => {
    const { server, admin, tom, alice, ids } = d;
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'VPN drops\r\nBcc: all@example.com', details: 'Every <b>hour</b>.' } })).body;
    const [opened] = await receiver.waitFor('alice@example.com');
    expect(opened!.mail.subject).toBe(`[#${t.id}] VPN drops Bcc: all@example.com`);
    expect(opened!.raw).not.toMatch(/^Bcc:/im);
    expect(opened!.mail.from?.value).toEqual([{ name: 'Help desk', address: 'helpdesk@example.com' }]);
    expect(opened!.mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(opened!.mail.inReplyTo).toBe(`<ticket-${t.id}@example.com>`);
    expect(opened!.mail.messageId).toMatch(/@example\.com>$/);
    expect(opened!.mail.text).toContain(`${server.url}/console/#/tickets/${t.id}`);
    expect(opened!.mail.html).toContain('Every &lt;b&gt;hour&lt;/b&gt;.');
    await receiver.waitFor('tom@example.com');
    await receiver.waitFor('admin@example.com');
    expect(receiver.to('tom@example.com')[0]!.mail.subject).toBe(`[#${t.id}] New: VPN drops Bcc: all@example.com`);

    await server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: admin, body: { assigneeId: ids.tom } });
    expect((await receiver.waitFor('tom@example.com', 2))[1]!.mail.subject).toBe(`[#${t.id}] Assigned to you: VPN drops Bcc: all@example.com`);

    await server.api.request('POST', `/api/v1/tickets/${t.id}/comments`, { token: tom, body: { body: 'Secret: their router is old', internal: true } });
    await server.api.request('POST', `/api/v1/tickets/${t.id}/comments`, { token: tom, body: { body: 'Please restart the router.', internal: false } });
    const reply = (await receiver.waitFor('alice@example.com', 2))[1]!;
    expect(reply.mail.subject).toBe(`[#${t.id}] Re: VPN drops Bcc: all@example.com`);
    expect(reply.mail.text).toContain('> Please restart the router.');
    expect(reply.mail.references).toBe(`<ticket-${t.id}@example.com>`);

    await server.api.request('POST', `/api/v1/tickets/${t.id}/comments`, { token: alice, body: { body: 'Done, still drops.', internal: false } });
    expect((await receiver.waitFor('tom@example.com', 3))[2]!.mail.text).toContain('> Done, still drops.');

    await server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: tom, body: { status: 'waiting' } });
    expect((await receiver.waitFor('alice@example.com', 3))[2]!.mail.subject).toContain('Waiting for your answer');
    await server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: tom, body: { status: 'resolved' } });
    expect((await receiver.waitFor('alice@example.com', 4))[3]!.mail.subject).toContain('Resolved: ');

    await sleep(1500);
    const all = receiver.received.map((r) => r.raw).join('\n');
    expect(all).not.toContain('Secret: their router is old');
    expect(receiver.to('alice@example.com')).toHaveLength(4);
    expect(receiver.to('tom@example.com')).toHaveLength(3);
    expect(receiver.to('admin@example.com')).toHaveLength(1);
    const sent = (await server.api.request('GET', '/api/v1/mail/outbox?state=sent', { token: admin })).body;
    expect(sent.total).toBe(8);
  });

  it('sends a kind no more to whoever turned it off, and lets only admins see the outbox', async () => {
    const { server, tom, alice } = d;
    const prefs = await server.api.request('PATCH', '/api/v1/me/notifications', { token: tom, body: { new_ticket: false } });
    expect(prefs).toMatchObject({ status: 200, body: { new_ticket: false, assigned: true } });
    const bad = await server.api.request('PATCH', '/api/v1/me/notifications', { token: tom, body: { new_tickets: false } });
    expect(bad.status).toBe(400);
    const before = receiver.to('tom@example.com').length;
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Mouse broken' } })).body;
    await until('the admin’s copy', async () => (receiver.to('admin@example.com').some((r) => r.mail.subject?.startsWith(`[#${t.id}]`)) ? true : undefined));
    await sleep(1000);
    expect(receiver.to('tom@example.com')).toHaveLength(before);
    expect((await server.api.request('GET', '/api/v1/mail/outbox', { token: tom })).status).toBe(403);
    expect((await server.api.request('GET', '/api/v1/mail/status', { token: alice })).status).toBe(403);
    const put = await server.api.request('PUT', '/api/v1/settings/mail', { token: d.admin, body: { newTicketTo: { mode: 'address', address: 'not an address' } } });
    expect(put.status).toBe(400);
    expect(put.body.error.message).toContain('body.newTicketTo');
  });

  it('sends new tickets to the team address when the admin sets one', async () => {
    const { server, admin, alice } = d;
    expect((await server.api.request('PUT', '/api/v1/settings/mail', { token: admin, body: { newTicketTo: { mode: 'address', address: 'desk@example.com' } } })).status).toBe(200);
    const adminBefore = receiver.to('admin@example.com').length;
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Monitor flickers' } })).body;
    const [team] = await receiver.waitFor('desk@example.com');
    expect(team!.mail.subject).toBe(`[#${t.id}] New: Monitor flickers`);
    await sleep(1000);
    expect(receiver.to('admin@example.com')).toHaveLength(adminBefore);
    await server.api.request('PUT', '/api/v1/settings/mail', { token: admin, body: { newTicketTo: { mode: 'technicians' } } });
  });
});

describe('when SMTP fails', () => {
  const receivers: SmtpReceiver[] = [];
  const servers: TestServer[] = [];
  const receiver = async (o: ConstructorParameters<typeof SmtpReceiver>[0] = {}) => {
    const r = await new SmtpReceiver(o).start();
    receivers.push(r);
    return r;
  };
  const started = async (r: SmtpReceiver, env: Record<string, string> = {}, url?: string) => {
    const x = await desk(r, env, url);
    servers.push(x.server);
    return x;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const r of receivers.splice(0)) await r.dispose();
  });

  const status = async (x: Desk) => (await x.server.api.request('GET', '/api/v1/mail/status', { token: x.admin })).body.outbound;

  it('keeps messages through an outage and sends each once when the server is back', async () => {
    const r = await receiver();
    const x = await started(r);
    await r.stop();
    const t = (await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Outage test' } })).body;
    const failing = await until('a failing state', async () => {
      const s = await status(x);
      return s.state === 'failing' ? s : undefined;
    });
    expect(failing.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failing.counts.pending).toBeGreaterThan(0);
    await sleep(2500); // a few retries against the closed port
    await r.start();
    await r.waitFor('alice@example.com', 1, 30_000);
    await r.waitFor('tom@example.com', 1, 30_000);
    await sleep(2000);
    expect(r.to('alice@example.com').map((m) => m.mail.subject)).toEqual([`[#${t.id}] Outage test`]);
    expect(await status(x)).toMatchObject({ state: 'ok', lastError: null, counts: { pending: 0, sent: 3 } });
  });

  it('never sends twice a message whose hand-off was cut by a crash: an admin sees it and may send it again', async () => {
    let pause: (() => void) | undefined;
    const r = await receiver({
      // The server is frozen the moment SMTP has the message and killed before it hears "250 OK":
      // it handed the message off and never marked it sent.
      beforeAccept: async (raw) => {
        if (raw.includes('Crash here') && raw.includes('To: alice@example.com') && pause) {
          pause();
          pause = undefined;
        }
      },
    });
    const x = await started(r);
    await x.server.api.request('PUT', '/api/v1/settings/mail', { token: x.admin, body: { newTicketTo: { mode: 'address', address: 'desk@example.com' } } });
    const frozen = new Promise<void>((resolve) => {
      pause = () => {
        process.kill(x.server.pid, 'SIGSTOP');
        resolve();
      };
    });
    const t = (await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Crash here' } })).body;
    await frozen;
    await x.server.crash();
    await sleep(200);
    expect(r.to('alice@example.com')).toHaveLength(1);
    await x.server.restart();
    const admin = await x.server.api.login();
    const unknown = await until('the message marked unknown', async () => {
      const b = (await x.server.api.request('GET', '/api/v1/mail/outbox?state=unknown', { token: admin })).body;
      return b.total === 1 ? b.messages[0] : undefined;
    });
    expect(unknown).toMatchObject({ ticketId: t.id, recipient: 'alice@example.com', subject: `[#${t.id}] Crash here` });
    expect(unknown.lastError).toContain('may have been delivered');
    await r.waitFor('desk@example.com', 1);
    await sleep(3000);
    expect(r.to('alice@example.com')).toHaveLength(1);

    expect((await x.server.api.request('POST', `/api/v1/mail/outbox/999999/retry`, { token: admin })).status).toBe(404);
    expect((await x.server.api.request('POST', `/api/v1/mail/outbox/${unknown.id}/retry`, { token: admin })).status).toBe(204);
    await r.waitFor('alice@example.com', 2);
    const audit = (await x.server.api.request('GET', '/api/v1/audit?action=mail.resend', { token: admin })).body;
    expect(JSON.stringify(audit)).toContain('mail.resend');
  });

  it('gives up on an address the server refuses, and shows why', async () => {
    const r = await receiver({ refuse: ['alice@example.com'] });
    const x = await started(r);
    await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Refused' } });
    const failed = await until('a failed message', async () => {
      const b = (await x.server.api.request('GET', '/api/v1/mail/outbox?state=failed', { token: x.admin })).body;
      return b.total === 1 ? b.messages[0] : undefined;
    });
    expect(failed).toMatchObject({ recipient: 'alice@example.com', attempts: 1 });
    expect(failed.lastError).toContain('550');
    await r.waitFor('tom@example.com');
  });

  it('reports a wrong password and a certificate it cannot trust, retries, and keeps serving', async () => {
    const authed = await receiver({ auth: { user: 'desk', pass: 'right' } });
    const x = await started(authed, {}, `smtp://desk:wrong@127.0.0.1:${authed.port}`);
    await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Auth test' } });
    const s = await until('an auth failure', async () => {
      const v = await status(x);
      return v.state === 'failing' ? v : undefined;
    });
    expect(s.lastError).toMatch(/535|auth/i);
    expect(s.server).toBe(`smtp://127.0.0.1:${authed.port}`);
    expect(JSON.stringify(s)).not.toContain('wrong');
    expect(x.server.output()).not.toContain('desk:wrong');
    expect((await status(x)).counts.failed).toBe(0);

    const tls = await receiver({ selfSignedTls: true });
    const y = await started(tls, {}, `smtps://127.0.0.1:${tls.port}`);
    await y.server.api.request('POST', '/api/v1/tickets', { token: y.alice, body: { summary: 'TLS test' } });
    const t = await until('a TLS failure', async () => {
      const v = await status(y);
      return v.state === 'failing' ? v : undefined;
    });
    expect(t.lastError).toMatch(/certificate/i);
    expect((await y.server.api.request('GET', '/healthz')).status).toBe(200);
  });

  it('escalates a missed first response: the assignee when at risk, then the admins too', async () => {
    const r = await receiver();
    const x = await started(r);
    await x.server.api.request('PUT', '/api/v1/settings/mail', { token: x.admin, body: { newTicketTo: { mode: 'address', address: 'desk@example.com' } } });
    const t = (await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Server room hot', priority: 'critical' } })).body;
    await x.server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: x.tom, body: { assigneeId: x.ids.tom } });
    await r.waitFor('desk@example.com');
    // Critical: first response within 15 minutes. The server comes back an hour later.
    await x.server.restart(skewedClock(3600));
    const tomMail = await r.waitFor('tom@example.com', 2, 20_000);
    const subjects = tomMail.map((m) => m.mail.subject).sort();
    expect(subjects).toEqual([`[#${t.id}] SLA at risk: Server room hot`, `[#${t.id}] SLA breached: Server room hot`]);
    const adminMail = await r.waitFor('admin@example.com', 1);
    expect(adminMail.map((m) => m.mail.subject)).toEqual([`[#${t.id}] SLA breached: Server room hot`]);
    await sleep(2000);
    expect(r.to('tom@example.com')).toHaveLength(2);
    await x.server.restart(skewedClock(3700));
    await sleep(3000);
    expect(r.to('tom@example.com')).toHaveLength(2);
  });
});

// CI installs Chromium (.ci/run) and must run this; a machine without it skips it, saying so.
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

describe.runIf(haveBrowser)('email in the console', () => {
  it('shows an admin what failed and why, sends it again, and lets each user choose what they get', async () => {
    const r = await new SmtpReceiver({ refuse: ['alice@example.com'] }).start();
    const x = await desk(r);
    const browser = await launchBrowser();
    try {
      await x.server.api.request('POST', '/api/v1/tickets', { token: x.alice, body: { summary: 'Refused in the console' } });
      await until('a failed message', async () => ((await x.server.api.request('GET', '/api/v1/mail/outbox?state=failed', { token: x.admin })).body.total === 1 ? true : undefined));
      const { page, errors } = await watchedPage(browser);
      const signIn = async (username: string, password: string) => {
        await page.goto(`${x.server.url}/console/#/`);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
      };
      await signIn('admin', 'admin-test-password');
      await page.goto(`${x.server.url}/console/#/admin`);
      const card = page.getByLabel('Email', { exact: true });
      await card.getByText(`smtp://127.0.0.1:${r.port}`).waitFor();
      await card.getByText('1 failed').waitFor();
      const row = page.getByRole('table', { name: 'Email messages' }).getByRole('row', { name: /alice@example\.com/ });
      await row.getByText(/550/).waitFor();
      await row.getByRole('button', { name: 'Send again' }).click();
      await page.getByText(/will be sent again/).waitFor();
      const audit = (await x.server.api.request('GET', '/api/v1/audit?action=mail.resend', { token: x.admin })).body;
      expect(audit).toHaveLength(1);

      await page.getByRole('button', { name: /sign out/i }).click();
      await signIn('tom', 'correct-horse-battery');
      await page.goto(`${x.server.url}/console/#/account`);
      const box = page.getByLabel('A new ticket arrived (unless the team address gets them)');
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await page.getByText('Saved.').waitFor();
      expect((await x.server.api.request('GET', '/api/v1/me/notifications', { token: x.tom })).body.new_ticket).toBe(false);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await browser.close();
      await x.server.stop();
      await r.dispose();
    }
  });
});

describe('mail configuration', () => {
  it('refuses an SMTP server without a sender address, or a malformed one, in one line', async () => {
    await expect(startTestServer({ DESKSIDE_SMTP_URL: 'smtp://127.0.0.1:2525' })).rejects.toThrow(/DESKSIDE_SMTP_URL needs DESKSIDE_MAIL_FROM/);
    await expect(startTestServer({ DESKSIDE_SMTP_URL: 'http://mail', DESKSIDE_MAIL_FROM: FROM })).rejects.toThrow(/DESKSIDE_SMTP_URL: expected smtp:/);
    await expect(startTestServer({ DESKSIDE_SMTP_URL: 'smtp://127.0.0.1:2525', DESKSIDE_MAIL_FROM: 'desk\r\nBcc: x@example.com' })).rejects.toThrow(/DESKSIDE_MAIL_FROM/);
  });
});
