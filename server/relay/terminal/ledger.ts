import type { ConsentDecision, EndReason } from '../../../shared/api/sessions.js';
import { audit } from '../../commands/audit.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../storage/types.js';

/** What is known about a session when it is written down. */
export interface SessionFacts {
  id: string;
  deviceId: string;
  technicianId: string;
  technicianName: string;
  /** The technician's token version when the session opened; a raised one ends the session. */
  technicianVersion: number;
  ticketId: number | null;
}

export interface SessionTotals {
  reason: EndReason;
  exitCode: number | null;
  bytesIn: number;
  bytesOut: number;
  cols: number;
  rows: number;
  recordingBytes: number;
  recordingTruncated: boolean;
  startedAt: string | null;
}

/**
 * The written record of each session: the session row, the audit log and the ticket's timeline.
 * Writes of one session happen in order (a chain per session), and a failed write is logged,
 * never thrown into the byte path.
 */
export class SessionLedger {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  private write(id: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(work).catch((err: unknown) => {
      this.logger.error({ err, sessionId: id }, 'could not record a session change');
    });
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
    return next;
  }

  private async ticketEvent(s: SessionFacts, type: string, data: Record<string, unknown>, at: string): Promise<void> {
    if (s.ticketId !== null) await this.store.tickets.addEvent(s.ticketId, { at, actor: s.technicianName, type, data: { sessionId: s.id, ...data } });
  }

  started(s: SessionFacts, decision: ConsentDecision, at: string): Promise<void> {
    return this.write(s.id, async () => {
      await this.store.shellSessions.update(s.id, { state: 'active', consentDecision: decision, consentAt: at, startedAt: at });
      await audit(this.store, s.technicianName, 'session.start', s.deviceId, { sessionId: s.id, ticketId: s.ticketId, consent: decision });
      await this.ticketEvent(s, 'session.start', { consent: decision, technician: s.technicianName }, at);
    });
  }

  /** The session never ran: the PC refused it, or one side went away before it started. */
  refused(s: SessionFacts, decision: ConsentDecision | null, message: string, at: string, reason: EndReason): Promise<void> {
    return this.write(s.id, async () => {
      await this.store.shellSessions.update(s.id, {
        state: 'refused',
        ...(decision ? { consentDecision: decision, consentAt: at } : {}),
        endedAt: at,
        endReason: reason,
      });
      await audit(this.store, s.technicianName, 'session.refused', s.deviceId, { sessionId: s.id, ticketId: s.ticketId, consent: decision, reason, message });
      await this.ticketEvent(s, 'session.refused', { consent: decision, technician: s.technicianName }, at);
    });
  }

  ended(s: SessionFacts, t: SessionTotals, at: string): Promise<void> {
    return this.write(s.id, async () => {
      await this.store.shellSessions.update(s.id, {
        state: 'ended',
        endedAt: at,
        endReason: t.reason,
        exitCode: t.exitCode,
        bytesIn: t.bytesIn,
        bytesOut: t.bytesOut,
        cols: t.cols,
        rows: t.rows,
        recordingBytes: t.recordingBytes,
        recordingTruncated: t.recordingTruncated,
      });
      const seconds = t.startedAt ? Math.round((Date.parse(at) - Date.parse(t.startedAt)) / 1000) : 0;
      await audit(this.store, s.technicianName, 'session.end', s.deviceId, {
        sessionId: s.id,
        ticketId: s.ticketId,
        reason: t.reason,
        exitCode: t.exitCode,
        bytesIn: t.bytesIn,
        bytesOut: t.bytesOut,
        seconds,
      });
      await this.ticketEvent(s, 'session.end', { reason: t.reason, exitCode: t.exitCode, seconds }, at);
    });
  }

  /** Resolves once every write started so far has landed. */
  async settle(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }
}
