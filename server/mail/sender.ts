import type { Logger } from '../logger.js';
import type { OutboxMessage, Store } from '../storage/types.js';

/** Hands one message to SMTP; resolves once the server accepted it. */
export interface MailTransport {
  send(message: OutboxMessage): Promise<void>;
}

/** How a failed hand-off is treated: tried again later, or given up on (the address was refused). */
export function classifySendError(err: unknown): { permanent: boolean; message: string } {
  const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
  const message = (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 500);
  // A 5xx answer to the envelope or the message is about this message; a refused sign-in
  // (EAUTH, 535) is about the configuration and may be mended, so it is retried like an outage.
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
  return { permanent, message: e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message };
}

const MAX_DELAY_MS = 30 * 60_000;
/** About a day of retries at the longest delay before a message is given up on. */
export const MAX_ATTEMPTS = 50;

/** Before attempt `attempts + 1`: `baseMs` doubling to 30 minutes, half of it random. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.min(attempts, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface SenderStatus {
  state: 'idle' | 'ok' | 'failing';
  lastError: string | null;
  lastSuccessAt: string | null;
}

/**
 * Sends what the outbox holds. A message is claimed (sending) before it is handed to SMTP and
 * marked sent once SMTP accepted it; if this process dies in between, the message becomes
 * unknown (see OutboxRepo.abandon) and an admin decides whether to send it again.
 */
export class OutboxSender {
  readonly status: SenderStatus = { state: 'idle', lastError: null, lastSuccessAt: null };

  constructor(
    private readonly store: Store,
    private readonly transport: MailTransport,
    private readonly logger: Logger,
    private readonly retryBaseMs: number,
  ) {}

  /**
   * Sends the next due message; returns how many it took (0 or 1). One at a time: a message is
   * claimed just before its own hand-off, so a crash leaves one message unknown, not the ones
   * queued behind it.
   */
  async runOnce(): Promise<number> {
    const [m] = await this.store.outbox.claim(new Date().toISOString(), 1);
    if (m) await this.sendOne(m);
    return m ? 1 : 0;
  }

  private async sendOne(m: OutboxMessage): Promise<void> {
    try {
      await this.transport.send(m);
    } catch (err) {
      const { permanent, message } = classifySendError(err);
      this.status.state = 'failing';
      this.status.lastError = message;
      const giveUp = permanent || m.attempts + 1 >= MAX_ATTEMPTS;
      this.logger.warn({ outboxId: m.id, kind: m.kind, attempts: m.attempts + 1, err: message, giveUp }, 'could not send a notification email');
      if (giveUp) await this.store.outbox.markFailed(m.id, message);
      else await this.store.outbox.markRetry(m.id, message, new Date(Date.now() + retryDelayMs(m.attempts, this.retryBaseMs)).toISOString());
      return;
    }
    const at = new Date().toISOString();
    this.status.state = 'ok';
    this.status.lastError = null;
    this.status.lastSuccessAt = at;
    await this.store.outbox.markSent(m.id, at);
    this.logger.info({ outboxId: m.id, kind: m.kind, ticketId: m.ticketId }, 'notification email sent');
  }
}
