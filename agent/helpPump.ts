import fs from 'node:fs';
import type { Logger } from 'pino';
import type { HelpQueue } from './queue.js';
import type { ServerConnection } from './connection.js';

/** A request not answered within this time is sent again (the server dedupes on its id). */
const RESEND_AFTER_MS = 30_000;
/** The queue folder is watched; this poll only backs the watch up (network home folders) and drives resends. */
const POLL_MS = 15_000;
/** The server could not store a request for the moment (its database away): asked again this soon. */
const RETRY_UNAVAILABLE_MS = 5_000;
/** Several files landing at once are picked up together. */
const SETTLE_MS = 50;

/**
 * Moves get-help requests from the disk queue to the server while connected. The queue folder
 * is also how `deskside-agent help` hands a request to the running agent: it writes the file,
 * the folder watch picks it up at once. (Reading the folder every second instead was most of
 * an idle agent's CPU time.)
 */
export class HelpPump {
  private readonly inFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: fs.FSWatcher | undefined;
  private settle: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: HelpQueue,
    private readonly connection: () => ServerConnection,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), POLL_MS);
    try {
      fs.mkdirSync(this.queue.dir, { recursive: true, mode: 0o700 });
      this.watcher = fs.watch(this.queue.dir, () => {
        clearTimeout(this.settle);
        this.settle = setTimeout(() => this.flush(), SETTLE_MS);
      });
      this.watcher.on('error', (err) => {
        this.logger.warn({ err: err.message }, 'cannot watch the help queue; polling it');
        this.watcher?.close();
      });
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'cannot watch the help queue; polling it');
    }
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.settle);
    clearTimeout(this.retry);
    this.watcher?.close();
  }

  flush(): void {
    const conn = this.connection();
    if (!conn.connected) return;
    const { requests, problems } = this.queue.pending();
    for (const p of problems) this.logger.error({ problem: p }, 'queued help request is unreadable; moved to queue/rejected');
    const now = Date.now();
    for (const r of requests) {
      const sentAt = this.inFlight.get(r.id);
      if (sentAt !== undefined && now - sentAt < RESEND_AFTER_MS) continue;
      const sent = conn.send({
        type: 'ticket.create',
        requestId: r.id,
        summary: r.summary,
        details: r.details,
        urgency: r.urgency,
        osUser: r.osUser,
        diagnostics: r.diagnostics,
      });
      if (sent) this.inFlight.set(r.id, now);
    }
  }

  created(requestId: string, ticketId: number): void {
    this.inFlight.delete(requestId);
    this.queue.markSent(requestId, ticketId);
    this.logger.info({ requestId, ticketId }, 'help request sent');
  }

  refused(requestId: string, code: string, message: string): void {
    this.inFlight.delete(requestId);
    // The server refused the content itself: sending it again would fail the same way.
    if (code === 'invalid_input' || code === 'invalid_frame') this.queue.reject(`${requestId}.json`, `${code}: ${message}`);
    else if (code === 'unavailable' && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.flush();
      }, RETRY_UNAVAILABLE_MS);
    }
  }
}
