import type { Logger } from 'pino';
import type { MessageOf, ServerMessage } from '../shared/protocol/index.js';
import type { Credential } from './home.js';
import { deviceFetch } from './serverApi.js';

type Push = MessageOf<ServerMessage, 'ticket.activity'>;

/** A reply usually comes with a status change (new → open): one notification tells of both. */
export const COALESCE_MS = 1_500;

/** What the person is told, from the strongest news among what arrived together. */
export function describeNews(ticketId: number, changes: Set<Push['change']>, status: Push['status']): string {
  if (changes.has('status') && status === 'waiting') return `IT support is waiting for your answer on request #${ticketId}`;
  if (changes.has('status') && status === 'resolved') return `Your request #${ticketId} is resolved`;
  if (changes.has('status') && status === 'closed') return `Your request #${ticketId} is closed`;
  if (changes.has('comment')) return `IT support replied on request #${ticketId}`;
  return `Your request #${ticketId} is ${status}`;
}

export interface TicketNewsOptions {
  credential: Credential;
  logger: Logger;
  /** Who is at the screen, when the OS tells (shell/shellUser.ts). */
  screenUser(): string | null | Promise<string | null>;
  notify(title: string, body: string): void;
  /** The Get-help page's address, named in the notification. */
  pageUrl(): string | undefined;
  coalesceMs?: number;
}

/**
 * News of the person's tickets pushed by the server: the Get-help page reloads its thread, and a
 * desktop notification tells of it. The notification is shown only when the ticket is one the
 * person at the screen may read (the server is asked, as it is for the page), so on a shared PC
 * nobody sees another's request.
 */
export class TicketNews {
  private readonly waiting = new Map<number, { changes: Set<Push['change']>; status: Push['status']; timer: NodeJS.Timeout }>();
  private readonly listeners = new Set<(ticketId: number) => void>();

  constructor(private readonly o: TicketNewsOptions) {}

  /** The page's open event streams hear of every pushed ticket (they read it again as their user). */
  subscribe(listener: (ticketId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  received(m: Push): void {
    for (const l of this.listeners) l(m.ticketId);
    const entry = this.waiting.get(m.ticketId);
    if (entry) {
      entry.changes.add(m.change);
      entry.status = m.status;
      return;
    }
    const timer = setTimeout(() => void this.tell(m.ticketId), this.o.coalesceMs ?? COALESCE_MS);
    timer.unref();
    this.waiting.set(m.ticketId, { changes: new Set([m.change]), status: m.status, timer });
  }

  stop(): void {
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
    this.listeners.clear();
  }

  private async tell(ticketId: number): Promise<void> {
    const news = this.waiting.get(ticketId);
    this.waiting.delete(ticketId);
    if (!news) return;
    try {
      const who = await this.o.screenUser();
      const r = await deviceFetch(this.o.credential, `/api/v1/agent/tickets/${ticketId}${who ? `?osUser=${encodeURIComponent(who)}` : ''}`);
      if (r.status !== 200) {
        this.o.logger.debug({ ticketId, status: r.status }, 'ticket news not for the person at the screen');
        return;
      }
      const summary = typeof (r.body as { summary?: unknown }).summary === 'string' ? (r.body as { summary: string }).summary : '';
      const page = this.o.pageUrl();
      this.o.notify(describeNews(ticketId, news.changes, news.status), `${summary}${page ? `\nOpen ${page} to read it.` : ''}`);
      this.o.logger.info({ ticketId, changes: [...news.changes], status: news.status }, 'told the person at the PC of news on their ticket');
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message, ticketId }, 'could not tell of news on a ticket');
    }
  }
}
