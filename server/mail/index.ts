import type { MailStatus } from '../../shared/api/mail.js';
import { mailAddressOf, mailDomain, type Config } from '../env.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { Notifier } from './notifier.js';
import { OutboxSender, type MailTransport } from './sender.js';
import { sweepSla } from './slaWatch.js';
import { describeImapUrl, describeSmtpUrl } from './mailUrl.js';

const TICK_MS = 1_000;
const SLA_SWEEP_MS = 30_000;
const ABANDON_CHECK_MS = 60_000;
/**
 * A claimed message older than this was being handed off by a process that died: the SMTP
 * timeouts (smtp.ts) end any live attempt long before.
 */
const CLAIM_LOST_MS = 5 * 60_000;
const LOST_REASON = 'the server stopped while handing this message to SMTP: it may have been delivered; send it again if it was not';

export interface MailService {
  status(): Promise<MailStatus>;
  /** Runs the loops once now (tests and the admin's "send again" do not wait for the tick). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Notifications by email: notices become outbox messages (Notifier), messages go to SMTP
 * (OutboxSender), SLA clocks are watched (sweepSla). With no SMTP configured, notices are
 * consumed without messages and the clocks still watched, so turning mail on later does not
 * send a backlog of old news.
 */
export async function startMail(o: { store: Store; config: Config; logger: Logger; publicUrl: () => string; transport?: MailTransport }): Promise<MailService> {
  const { store, config } = o;
  const logger = o.logger.child({ component: 'mail' });
  const enabled = !!config.smtpUrl && !!config.mailFrom;
  const domain = mailDomain(config);
  const notifier = new Notifier(store, { enabled, domain, logger, ticketLink: (id) => `${o.publicUrl()}/console/#/tickets/${id}` });
  // nodemailer is loaded only where mail is on: a server without it does not carry it.
  const smtp = enabled ? (o.transport ?? (await import('./smtp.js')).smtpTransport(config.smtpUrl!, config.mailFrom!)) : undefined;
  const sender = smtp ? new OutboxSender(store, smtp, logger, config.mailRetryMs) : undefined;

  let running: Promise<void> | undefined;
  let stopped = false;
  let lastSweep = 0;
  let lastAbandonCheck = 0;
  const tick = async () => {
    const now = Date.now();
    if (now - lastAbandonCheck >= ABANDON_CHECK_MS) {
      // One process on SQLite: whatever it claimed before it started died with the last run.
      const before = store.dialect === 'sqlite' && lastAbandonCheck === 0 ? now : now - CLAIM_LOST_MS;
      lastAbandonCheck = now;
      const lost = await store.outbox.abandon(new Date(before).toISOString(), LOST_REASON);
      if (lost > 0) logger.warn({ messages: lost }, 'emails whose hand-off to SMTP was interrupted are marked unknown and not sent again by themselves');
    }
    if (now - lastSweep >= SLA_SWEEP_MS) {
      lastSweep = now;
      await sweepSla(store);
    }
    while (!stopped && (await notifier.runOnce()) > 0);
    if (sender) while (!stopped && (await sender.runOnce()) > 0);
  };
  const run = () => {
    if (running || stopped) return;
    running = tick()
      .catch((err: unknown) => logger.error({ err }, 'mail loop failed; trying again'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, TICK_MS);
  timer.unref();
  run();
  if (enabled) logger.info({ smtp: describeSmtpUrl(config.smtpUrl!), from: config.mailFrom }, 'email notifications on');
  // imapflow and the mail parsers are loaded only where a mailbox is read (about 20 MB a server
  // without one does not hold).
  const reader = config.imapUrl
    ? new (await import('./inbound/imap.js')).MailboxReader(store, {
        url: config.imapUrl,
        folder: config.imapFolder,
        maxMessageBytes: config.mailMaxBytes,
        logger,
        intake: { domain, address: (config.mailFrom && mailAddressOf(config.mailFrom)) || null, maxAttachmentBytes: Math.min(config.attachmentMaxBytes, config.mailMaxBytes), maxAttachments: 20 },
      })
    : undefined;
  reader?.start();
  if (reader) logger.info({ imap: describeImapUrl(config.imapUrl!), folder: config.imapFolder }, 'reading the support mailbox');

  return {
    async status() {
      return {
        outbound: {
          configured: enabled,
          server: config.smtpUrl ? describeSmtpUrl(config.smtpUrl) : null,
          from: config.mailFrom ?? null,
          state: sender ? sender.status.state : 'off',
          lastError: sender?.status.lastError ?? null,
          lastSuccessAt: sender?.status.lastSuccessAt ?? null,
          counts: await store.outbox.counts(),
        },
        inbound: {
          configured: !!reader,
          server: config.imapUrl ? describeImapUrl(config.imapUrl) : null,
          folder: reader ? config.imapFolder : null,
          state: reader ? reader.status.state : 'off',
          lastError: reader?.status.lastError ?? null,
          lastCheckAt: reader?.status.lastCheckAt ?? null,
        },
      };
    },
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await reader?.stop();
      await running;
      (smtp as { close?: () => void } | undefined)?.close?.();
    },
  };
}
