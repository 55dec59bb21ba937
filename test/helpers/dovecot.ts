import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Debian's Dovecot serving IMAP on a loopback port from a temporary folder (configuration,
 * runtime files, maildirs): one mailbox user with a password. Mail is "delivered" by appending
 * it with IMAP, as an MTA's local delivery would put it in the maildir.
 */
export class Dovecot {
  readonly user = 'desk';
  readonly password = 'mailbox-password';
  port = 0;
  private dir = '';
  private proc: ChildProcess | undefined;
  private stderr = '';

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-dovecot-'));
    fs.chmodSync(this.dir, 0o755);
    for (const d of ['run', 'state', 'home']) fs.mkdirSync(path.join(this.dir, d));
    // The mailboxes belong to the unprivileged "mail" user; Dovecot refuses uid 0 for mail.
    execFileSync('chown', ['mail:mail', path.join(this.dir, 'home')]);
    this.port = await freePort();
    const conf = path.join(this.dir, 'dovecot.conf');
    fs.writeFileSync(
      conf,
      [
        'protocols = imap',
        'listen = 127.0.0.1',
        `base_dir = ${this.dir}/run`,
        `state_dir = ${this.dir}/state`,
        `log_path = ${this.dir}/dovecot.log`,
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        `passdb {\n  driver = static\n  args = password=${this.password}\n}`,
        `userdb {\n  driver = static\n  args = uid=mail gid=mail home=${this.dir}/home/%u\n}`,
        'mail_location = maildir:~/Maildir',
        'first_valid_uid = 8',
        `service imap-login {\n  inet_listener imap {\n    port = ${this.port}\n  }\n}`,
        '',
      ].join('\n'),
    );
    return this.launch();
  }

  /** Stops the server as an outage would, keeping its mailboxes, port and configuration. */
  async halt(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    // The whole process group: the IMAP processes serving open connections go with the master.
    process.kill(-proc.pid!, 'SIGKILL');
    await gone;
    this.proc = undefined;
  }

  /** Starts it again after halt(), on the same port with the same mail. */
  resume(): Promise<this> {
    return this.launch();
  }

  private async launch(): Promise<this> {
    const conf = path.join(this.dir, 'dovecot.conf');
    // In the foreground (-F), as this test's own child: a daemonized master would keep the
    // parent's pipes open, and stopping it is a kill of the child.
    this.proc = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    for (let i = 0; i < 50; i++) {
      if (this.proc.exitCode !== null) break;
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(this.port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) return this;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Dovecot did not listen on ${this.port}: ${this.stderr} ${this.log()}`);
  }

  url(password = this.password): string {
    return `imap://${this.user}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** A client of the mailbox, as the test's own mail client. */
  async client<T>(work: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({ host: '127.0.0.1', port: this.port, secure: false, auth: { user: this.user, pass: this.password }, logger: false });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }

  /** Puts a message into the inbox, as delivery would. */
  deliver(raw: string | Buffer): Promise<void> {
    return this.client(async (c) => {
      await c.append('INBOX', raw);
    });
  }

  /** Every message's subject and flags. */
  messages(): Promise<{ uid: number; subject: string; flags: string[] }[]> {
    return this.client(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const out: { uid: number; subject: string; flags: string[] }[] = [];
        for await (const m of c.fetch('1:*', { uid: true, envelope: true, flags: true })) out.push({ uid: m.uid, subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])] });
        return out;
      } catch {
        return [];
      } finally {
        lock.release();
      }
    });
  }

  /** Takes a flag off a message: as if the reader had crashed before setting it. */
  unflag(uid: number, flag: string): Promise<void> {
    return this.client(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        await c.messageFlagsRemove(String(uid), [flag], { uid: true });
      } finally {
        lock.release();
      }
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    this.proc = undefined;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}

/** A message as a mail client would send it; `headers` override or add. */
export function email(o: { from: string; subject: string; body?: string; messageId?: string; headers?: Record<string, string>; to?: string }): string {
  const headers: Record<string, string> = {
    From: o.from,
    To: o.to ?? 'desk@example.com',
    Subject: o.subject,
    Date: new Date().toUTCString(),
    'Message-ID': o.messageId ?? `<${Math.random().toString(36).slice(2)}.${Date.now()}@client.example.org>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...o.headers,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${(o.body ?? 'Hello').replace(/\n/g, '\r\n')}\r\n`;
}
