import { ImapFlow } from 'imapflow';
import type { Logger } from '../../logger.js';
import type { Store } from '../../storage/types.js';
import { intake, type IntakeOptions } from './intake.js';
import { parseInbound } from './message.js';

/** Kept on every message this desk has dealt with: the next search skips it. */
export const DONE_KEYWORD = '$DesksideDone';
const WAIT_MS = 60_000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

export interface InboundStatus {
  state: 'connecting' | 'ok' | 'failing';
  lastError: string | null;
  lastCheckAt: string | null;
}

/** Host, port and folder of an IMAP URL, never its credentials. */
const describe = (err: unknown) => {
  const e = err as { responseText?: string; message?: string; code?: string };
  return (e.responseText ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 500) + (e.code && !String(e.message).includes(e.code) ? ` (${e.code})` : '');
};

/**
 * Reads a mailbox with imapflow: every message without our keyword is turned into a ticket or a
 * reply (intake.ts) and then marked with it and \\Seen. Between rounds it waits for the server's
 * word of new mail (IDLE, which imapflow keeps up by itself) or a minute. A lost connection, a
 * refused sign-in or a TLS failure is shown to admins and tried again with backoff.
 */
export class MailboxReader {
  readonly status: InboundStatus = { state: 'connecting', lastError: null, lastCheckAt: null };
  private stopped = false;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  /** New mail was announced while a round was running: the next wait ends at once. */
  private announced = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly o: { url: string; folder: string; maxMessageBytes: number; intake: IntakeOptions; logger: Logger },
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.logout().catch(() => this.client?.close());
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.session();
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        failures += 1;
        this.status.state = 'failing';
        this.status.lastError = describe(err);
        this.o.logger.warn({ err: this.status.lastError, failures }, 'could not read the support mailbox; trying again');
      } finally {
        this.client?.close();
        this.client = undefined;
      }
      if (!this.stopped) await this.pause(Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1)));
    }
  }

  private async session(): Promise<void> {
    const u = new URL(this.o.url);
    const client = new ImapFlow({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === 'imaps:' ? 993 : 143),
      secure: u.protocol === 'imaps:',
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
      // IDLE is started by pause() right after each round; imapflow's own starts 15 s later.
      disableAutoIdle: true,
    });
    this.client = client;
    // Without a listener a dropped connection would be an uncaught error; the loop reconnects.
    client.on('error', (err: Error) => this.o.logger.debug({ err: err.message }, 'IMAP connection error'));
    // A dropped connection ends the wait at once: the outage is shown and retried now, not
    // after the next round.
    client.on('close', () => this.wake?.());
    client.on('exists', () => {
      this.announced = true;
      this.wake?.();
    });
    await client.connect();
    while (!this.stopped && client.usable) {
      const lock = await client.getMailboxLock(this.o.folder);
      try {
        await this.drain(client);
      } finally {
        lock.release();
      }
      this.status.state = 'ok';
      this.status.lastError = null;
      this.status.lastCheckAt = new Date().toISOString();
      // The server announces new mail during IDLE ('exists'); the next command ends it. Where
      // IDLE is not offered imapflow polls with NOOP instead.
      if (!this.announced) void client.idle().catch(() => undefined);
      await this.pause(WAIT_MS);
    }
    if (!this.stopped) throw new Error('the IMAP server closed the connection');
  }

  /** Deals with every message not yet marked, oldest first. */
  private async drain(client: ImapFlow): Promise<void> {
    this.announced = false;
    const uids = (await client.search({ unKeyword: DONE_KEYWORD }, { uid: true })) || [];
    for (const uid of uids) {
      if (this.stopped) return;
      const meta = await client.fetchOne(String(uid), { uid: true, size: true, envelope: true }, { uid: true });
      if (!meta) continue;
      const envelopeId = meta.envelope?.messageId;
      const fallbackId = `<uid-${String(client.mailbox && client.mailbox.uidValidity)}-${uid}@mailbox.invalid>`;
      const setAside = (reason: string) =>
        this.store.inbound.record({
          messageId: envelopeId || fallbackId,
          receivedAt: new Date().toISOString(),
          sender: meta.envelope?.from?.[0]?.address ?? '',
          subject: (meta.envelope?.subject ?? '').slice(0, 300),
          outcome: 'set_aside',
          reason,
          ticketId: null,
        });
      if ((meta.size ?? 0) > this.o.maxMessageBytes) {
        await setAside(`${((meta.size ?? 0) / 1024 / 1024).toFixed(1)} MB: larger than ${Math.round(this.o.maxMessageBytes / 1024 / 1024)} MB (DESKSIDE_MAIL_MAX_MB)`);
      } else {
        const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        let parsed;
        try {
          if (!full || !full.source) throw new Error('the server sent no content');
          parsed = await parseInbound(full.source);
        } catch (err) {
          await setAside(`could not be read: ${describe(err)}`);
        }
        if (parsed) {
          const r = await intake(this.store, parsed, this.o.intake);
          this.o.logger.info({ outcome: r.outcome, ticketId: r.ticketId, reason: r.reason }, 'email read from the support mailbox');
        }
      }
      await client.messageFlagsAdd(String(uid), [DONE_KEYWORD, '\\Seen'], { uid: true });
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.announced || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
