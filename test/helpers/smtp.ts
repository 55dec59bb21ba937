import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
  raw: string;
}

export interface ReceiverOptions {
  /** Sign-in required with this user and password. */
  auth?: { user: string; pass: string };
  /** TLS from the first byte with a self-signed certificate (no client trusts it). */
  selfSignedTls?: boolean;
  /** Recipients refused with 550 at RCPT. */
  refuse?: string[];
  /** Called with each message before it is accepted; the answer waits for it. */
  beforeAccept?: (raw: string) => Promise<void> | void;
}

/**
 * A real SMTP server on a loopback port (the `smtp-server` package, which speaks the protocol as
 * any MTA does), keeping what it accepted. It can be stopped and started again on its port, as
 * an outage of the organisation's mail server.
 */
export class SmtpReceiver {
  readonly received: Received[] = [];
  port = 0;
  private server: SMTPServer | undefined;
  private certDir: string | undefined;

  constructor(private readonly o: ReceiverOptions = {}) {}

  async start(): Promise<this> {
    const options: SMTPServerOptions = {
      logger: false,
      disabledCommands: this.o.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !this.o.auth,
      allowInsecureAuth: true,
      size: 60 * 1024 * 1024,
      onAuth: (auth, _session, cb) => {
        if (auth.username === this.o.auth?.user && auth.password === this.o.auth?.pass) cb(null, { user: auth.username });
        else cb(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, cb) => {
        if (this.o.refuse?.includes(address.address)) cb(Object.assign(new Error(`no such user ${address.address}`), { responseCode: 550 }));
        else cb();
      },
      onData: (stream, session: SMTPServerSession, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void (async () => {
            await this.o.beforeAccept?.(raw);
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              mail: await simpleParser(raw),
              raw,
            });
            cb();
          })().catch((err: Error) => cb(err));
        });
      },
    };
    if (this.o.selfSignedTls) {
      this.certDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-smtp-cert-'));
      const key = path.join(this.certDir, 'key.pem');
      const cert = path.join(this.certDir, 'cert.pem');
      if (!fs.existsSync(cert)) {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
      }
      Object.assign(options, { secure: true, key: fs.readFileSync(key), cert: fs.readFileSync(cert) });
    }
    this.server = new SMTPServer(options);
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
      this.server!.server.once('error', reject);
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.certDir) fs.rmSync(this.certDir, { recursive: true, force: true });
  }

  /** Messages to `address` (all of them when omitted). */
  to(address?: string): Received[] {
    return address ? this.received.filter((r) => r.to.includes(address)) : this.received;
  }

  /** Waits until `count` messages to `address` arrived (or throws after `timeoutMs`). */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      if (Date.now() > until) {
        throw new Error(`expected ${count} message(s) to ${address} within ${timeoutMs} ms; got: ${this.received.map((r) => `${r.to.join(',')}: ${r.mail.subject}`).join(' | ') || 'none'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.to(address);
  }
}
