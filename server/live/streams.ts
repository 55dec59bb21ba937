import type { Response } from 'express';
import type { LiveHello, TicketActivity } from '../../shared/api/live.js';
import { hasRole, type Role } from '../../shared/roles.js';
import { accessLost } from '../auth/sessionUser.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';

/** A comment line this often keeps proxies (HAProxy's 60 s client timeout) from cutting an idle stream. */
export const PING_MS = 20_000;
/** A client this far behind is cut off; it reconnects and reads the tickets again. */
const MAX_BUFFERED_BYTES = 1 << 20;

interface Viewer {
  id: string;
  role: Role;
  tokenVersion: number;
}

interface Stream {
  viewer: Viewer;
  res: Response;
  expiry: NodeJS.Timeout;
}

/**
 * Whether a user hears of a change: technicians and admins of every change; an employee (or an
 * external contact) of their own tickets only, never of an internal note or an SLA clock.
 */
export function hears(viewer: { id: string; role: Role }, a: TicketActivity): boolean {
  if (hasRole(viewer.role, 'technician')) return true;
  if (a.requesterId !== viewer.id) return false;
  if (a.change === 'sla_risk' || a.change === 'sla_breach' || a.change === 'priority') return false;
  return !(a.change === 'comment' && a.internal);
}

/**
 * The open event streams of this node (server-sent events). A stream is authenticated like any
 * request and lives no longer than its token; it ends at once when its user's access is taken
 * away here, and within a check's interval when that happens elsewhere (another node, the CLI).
 */
export class LiveStreams {
  private readonly open = new Set<Stream>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly nodeId: string,
  ) {
    this.timer = setInterval(() => void this.tick(), PING_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.open.size;
  }

  add(viewer: Viewer, res: Response, expiresAtMs: number): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx and some proxies buffer responses unless told not to.
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const stream: Stream = {
      viewer,
      res,
      expiry: setTimeout(() => this.end(stream, 'session expired'), Math.max(0, expiresAtMs - Date.now())),
    };
    stream.expiry.unref();
    this.open.add(stream);
    res.on('close', () => {
      clearTimeout(stream.expiry);
      this.open.delete(stream);
    });
    // A client that reconnects after a gap reads the tickets again: it is told how long to wait.
    this.write(stream, `retry: 3000\nevent: hello\ndata: ${JSON.stringify({ userId: viewer.id, node: this.nodeId } satisfies LiveHello)}\n\n`);
  }

  deliver(activity: TicketActivity): void {
    const frame = `event: ticket\ndata: ${JSON.stringify(activity)}\n\n`;
    for (const s of this.open) if (hears(s.viewer, activity)) this.write(s, frame);
  }

  /** Ends the streams of a user whose access was taken away or changed. */
  revokeUser(userId: string): void {
    for (const s of this.open) if (s.viewer.id === userId) this.end(s, 'access changed');
  }

  closeAll(): void {
    clearInterval(this.timer);
    for (const s of this.open) this.end(s, 'server stopping');
  }

  private write(s: Stream, frame: string): void {
    if (s.res.writableLength > MAX_BUFFERED_BYTES) return this.end(s, 'client too slow');
    s.res.write(frame);
  }

  private end(s: Stream, reason: string): void {
    if (!this.open.delete(s)) return;
    clearTimeout(s.expiry);
    this.write(s, `event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    s.res.end();
  }

  /** Pings every stream, and ends those whose user lost access by a change made elsewhere. */
  private async tick(): Promise<void> {
    if (this.open.size === 0) return;
    for (const s of this.open) this.write(s, ': ping\n\n');
    try {
      const access = await this.store.users.access([...new Set([...this.open].map((s) => s.viewer.id))]);
      for (const s of this.open) {
        if (accessLost(access.get(s.viewer.id), s.viewer.tokenVersion)) this.end(s, 'access changed');
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not check the access of event streams');
    }
  }
}
