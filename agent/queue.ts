import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Priority } from '../shared/api/tickets.js';
import { DiagnosticsBundle } from '../shared/diagnostics/bundle.js';
import { describeZodError } from '../shared/protocol/codec.js';
import { writeJsonAtomic } from './home.js';

/** A get-help request waiting to be sent. Its id is the idempotency key the server dedupes on. */
export const HelpRequest = z.object({
  id: z.string().uuid(),
  createdAt: z.iso.datetime(),
  summary: z.string().trim().min(3).max(200),
  details: z.string().max(20_000),
  urgency: Priority,
  osUser: z.string().min(1).max(64),
  diagnostics: DiagnosticsBundle.nullable(),
});
export type HelpRequest = z.infer<typeof HelpRequest>;

export const QUEUE_LIMITS = { entries: 100, entryBytes: 512 * 1024 } as const;

export interface Sent {
  id: string;
  ticketId: number;
  sentAt: string;
}

/**
 * The disk-backed outbox in the agent home. Each request is one file written atomically, so a
 * crash never leaves half a request; a file that cannot be read back is moved aside and
 * reported, and never blocks the others.
 */
export class HelpQueue {
  readonly dir: string;
  private readonly sentDir: string;
  private readonly badDir: string;

  constructor(home: string) {
    this.dir = path.join(home, 'queue');
    this.sentDir = path.join(this.dir, 'sent');
    this.badDir = path.join(this.dir, 'rejected');
  }

  add(input: Omit<HelpRequest, 'id' | 'createdAt'>): HelpRequest {
    const request = HelpRequest.parse({ ...input, id: randomUUID(), createdAt: new Date().toISOString() });
    if (this.pendingFiles().length >= QUEUE_LIMITS.entries) {
      throw new Error(`the queue already holds ${QUEUE_LIMITS.entries} requests; wait until the server is reachable`);
    }
    const text = JSON.stringify(request);
    if (Buffer.byteLength(text) > QUEUE_LIMITS.entryBytes) throw new Error('the request is too large to queue');
    writeJsonAtomic(path.join(this.dir, `${request.id}.json`), request, 0o600);
    return request;
  }

  private pendingFiles(): string[] {
    try {
      return fs.readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
  }

  /** Pending requests, oldest first; unreadable files are moved to queue/rejected and named in `problems`. */
  pending(): { requests: HelpRequest[]; problems: string[] } {
    const requests: HelpRequest[] = [];
    const problems: string[] = [];
    for (const file of this.pendingFiles()) {
      const full = path.join(this.dir, file);
      let reason: string | null = null;
      try {
        const parsed = HelpRequest.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
        if (parsed.success && `${parsed.data.id}.json` === file) requests.push(parsed.data);
        else reason = parsed.success ? 'file name does not match its id' : describeZodError(parsed.error);
      } catch (err) {
        reason = err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message;
      }
      if (reason !== null) {
        this.reject(file, reason);
        problems.push(`${file}: ${reason}`);
      }
    }
    return { requests: requests.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), problems };
  }

  /** Moves a request aside with the reason beside it. */
  reject(file: string, reason: string): void {
    fs.mkdirSync(this.badDir, { recursive: true, mode: 0o700 });
    try {
      fs.renameSync(path.join(this.dir, file), path.join(this.badDir, file));
      fs.writeFileSync(path.join(this.badDir, `${file}.reason.txt`), `${reason}\n`);
    } catch {
      // Already gone: another run moved it.
    }
  }

  markSent(id: string, ticketId: number): void {
    const sent: Sent = { id, ticketId, sentAt: new Date().toISOString() };
    writeJsonAtomic(path.join(this.sentDir, `${id}.json`), sent, 0o600);
    fs.rmSync(path.join(this.dir, `${id}.json`), { force: true });
  }

  sent(id: string): Sent | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.sentDir, `${id}.json`), 'utf8')) as Sent;
    } catch {
      return undefined;
    }
  }
}
