import type { MessageOf, ServerMessage } from '../../shared/protocol/messages.js';

export type ShellRequest = MessageOf<ServerMessage, 'shell.open'>;
/** What a technician asks for: a remote shell, or access to this PC's files. */
export type ConsentRequest = Pick<ShellRequest, 'sessionId' | 'technician' | 'reason' | 'ticketId' | 'consentTimeoutMs'> & { kind?: 'shell' | 'files' };
export type ConsentAnswer = 'accepted' | 'denied' | 'timeout';

export interface PendingConsent {
  sessionId: string;
  kind: 'shell' | 'files';
  technician: string;
  reason: string | null;
  ticketId: number | null;
  askedAt: string;
  expiresAt: string;
}

/**
 * Remote-shell and file requests waiting for the person at the PC. The Get-help page lists them and
 * answers; a request nobody answers within the time limit is refused as timed out, and one the
 * technician withdraws is dropped.
 */
export class ConsentBroker {
  private readonly pending = new Map<string, { info: PendingConsent; settle(answer: ConsentAnswer): void }>();

  constructor(
    /** Used when the server's request does not say (an older server). */
    private readonly defaultTimeoutMs: number,
    /** Called when a request arrives, to draw the person's attention (desktop notification). */
    private readonly onAsk: (request: ConsentRequest) => void = () => undefined,
  ) {}

  ask(request: ConsentRequest): Promise<ConsentAnswer> {
    return new Promise((resolve) => {
      const now = Date.now();
      const timeoutMs = request.consentTimeoutMs ?? this.defaultTimeoutMs;
      const timer = setTimeout(() => settle('timeout'), timeoutMs);
      const settle = (answer: ConsentAnswer) => {
        clearTimeout(timer);
        if (this.pending.delete(request.sessionId)) resolve(answer);
      };
      this.pending.set(request.sessionId, {
        info: {
          sessionId: request.sessionId,
          kind: request.kind ?? 'shell',
          technician: request.technician,
          reason: request.reason,
          ticketId: request.ticketId,
          askedAt: new Date(now).toISOString(),
          expiresAt: new Date(now + timeoutMs).toISOString(),
        },
        settle,
      });
      this.onAsk(request);
    });
  }

  /** The person's answer; false when there is no such request (any more). */
  answer(sessionId: string, accepted: boolean): boolean {
    const p = this.pending.get(sessionId);
    if (!p) return false;
    p.settle(accepted ? 'accepted' : 'denied');
    return true;
  }

  /** The technician gave up before anyone answered. */
  withdraw(sessionId: string): boolean {
    const p = this.pending.get(sessionId);
    p?.settle('timeout');
    return p !== undefined;
  }

  list(): PendingConsent[] {
    return [...this.pending.values()].map((p) => p.info);
  }
}
