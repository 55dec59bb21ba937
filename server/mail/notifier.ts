import { randomUUID } from 'node:crypto';
import { DEFAULT_MAIL_SETTINGS, MailSettings } from '../../shared/api/mail.js';
import type { Logger } from '../logger.js';
import type { Notice, Repos, Store } from '../storage/types.js';
import { recipientsOf } from './recipients.js';
import { renderMail, type MailFacts } from './templates.js';

const BATCH = 50;
export const MAIL_SETTINGS_KEY = 'mail';

export async function loadMailSettings(repos: Pick<Repos, 'settings'>): Promise<MailSettings> {
  const parsed = MailSettings.safeParse(await repos.settings.get(MAIL_SETTINGS_KEY));
  return parsed.success ? parsed.data : DEFAULT_MAIL_SETTINGS;
}

/** The thread every message about a ticket belongs to (In-Reply-To and References). */
export const ticketThreadId = (ticketId: number, domain: string) => `<ticket-${ticketId}@${domain}>`;

export interface NotifierOptions {
  /** Off: notices are consumed without a message (no SMTP configured). */
  enabled: boolean;
  /** The domain of our Message-IDs (the sender address's). */
  domain: string;
  ticketLink: (ticketId: number) => string;
  logger: Logger;
}

/**
 * Turns notices into outbox messages. Each batch is one transaction: the messages are written
 * and the notices marked done together, so a crash in between leaves the notices to do again
 * and no message twice. On PostgreSQL, nodes working at once take different notices.
 */
export class Notifier {
  constructor(
    private readonly store: Store,
    private readonly o: NotifierOptions,
  ) {}

  /** Handles one batch; returns how many notices it took (0: nothing left). */
  async runOnce(): Promise<number> {
    return this.store.transaction(async (repos) => {
      const notices = await repos.notices.takePending(BATCH);
      if (notices.length === 0) return 0;
      if (this.o.enabled) {
        const settings = await loadMailSettings(repos);
        const staff = (await repos.users.list()).filter((u) => u.role !== 'employee');
        for (const notice of notices) await this.expand(repos, notice, settings, staff);
      }
      await repos.notices.markDone(notices.map((n) => n.id));
      return notices.length;
    });
  }

  private async expand(repos: Repos, notice: Notice, settings: MailSettings, staff: Awaited<ReturnType<Repos['users']['list']>>): Promise<void> {
    const ticket = await repos.tickets.findById(notice.ticketId);
    if (!ticket) return;
    const [requester, assignee, actor] = await Promise.all([
      repos.users.findById(ticket.requesterId),
      ticket.assigneeId ? repos.users.findById(ticket.assigneeId) : undefined,
      notice.actorId ? repos.users.findById(notice.actorId) : undefined,
    ]);
    const recipients = recipientsOf(notice, { ticket, requester, assignee, staff, settings });
    const facts: MailFacts = {
      ticketId: ticket.id,
      summary: ticket.summary,
      priority: ticket.priority,
      status: ticket.status,
      requester: ticket.requesterName,
      actor: actor?.username ?? null,
      body: typeof notice.data.body === 'string' ? notice.data.body : null,
      clock: notice.data.clock === 'response' ? 'response' : notice.data.clock === 'resolution' ? 'resolution' : null,
      dueAt: typeof notice.data.dueAt === 'string' ? notice.data.dueAt : null,
      link: this.o.ticketLink(ticket.id),
    };
    for (const r of recipients) {
      if (r.user && (await repos.notificationPrefs.optedOut([r.user.id], r.kind)).size > 0) continue;
      const mail = renderMail(r.kind, facts);
      await repos.outbox.enqueue({
        kind: r.kind,
        ticketId: ticket.id,
        recipient: r.address,
        ...mail,
        messageId: `<${randomUUID()}@${this.o.domain}>`,
        referencesId: ticketThreadId(ticket.id, this.o.domain),
        createdAt: new Date().toISOString(),
      });
    }
    this.o.logger.debug({ ticketId: ticket.id, notice: notice.kind, messages: recipients.length }, 'notice handled');
  }
}
