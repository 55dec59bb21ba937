import type { Logger } from 'pino';
import type { AgentMessage, MessageOf, ServerMessage } from '../../shared/protocol/messages.js';
import { decodeTerminalFrame, encodeTerminalFrame, TERMINAL_LIMITS } from '../../shared/protocol/terminal.js';
import { PtySession } from './ptySession.js';
import { DrainWatch, type SessionChannel } from '../channel.js';

import type { ConsentAnswer, ShellRequest } from './consent.js';
import type { ShellUser } from './shellUser.js';

type ShellOpen = ShellRequest;
export type { ConsentAnswer };

/** A running session as the person at the PC sees it. */
export interface ActiveShell {
  sessionId: string;
  technician: string;
  reason: string | null;
  ticketId: number | null;
  startedAt: string;
  consent: 'prompt' | 'notify' | 'unattended';
}

export interface ShellManagerOptions extends SessionChannel {
  /** Tells the person at the PC that a session started (policy "notify"). */
  notify(request: ShellOpen): void;
  logger: Logger;
  maxSessions: number;
  /** The shell to run instead of the user's login shell. */
  shell?: { file: string; args: string[] };
  /** Whom the next shell runs as (asked per session: the person at the screen changes). */
  shellUser?: () => ShellUser | null;
}

interface Session {
  info: ActiveShell;
  pty: PtySession;
  /** Set when the person at the PC ended the session, so the exit says so. */
  endedAtPc: boolean;
  /** Paused because the agent's own socket is backed up. */
  localPause: boolean;
  /** Output the server has not acknowledged yet may still be sent (the session's window). */
  credit: number;
  /** Paused because the window is used up (the technician's side is not keeping up). */
  windowPause: boolean;
  /** Bulk output held back to go out as one frame (see output()). */
  pending: Buffer[];
  pendingBytes: number;
  holdTimer: NodeJS.Timeout | undefined;
}

/** A pty read this large means the shell is writing faster than it is read: more follows. */
const BULK_READ_BYTES = 4000;
/** Bulk output is gathered for at most this long, or this much, before it is sent. */
const HOLD_MS = 1;
const FRAME_DATA_MAX = 64 * 1024;


/**
 * The remote shells of this PC, multiplexed over the agent's one socket.
 *
 * Flow control, two reasons to stop reading a pty (the shell then blocks on its next write):
 * - per session, a window: at most TERMINAL_LIMITS.windowBytes of output may be unacknowledged;
 *   the server acknowledges (`shell.ack`) as the technician's socket takes the bytes, so a slow
 *   technician stalls only their own shell and the server never holds more than the window;
 * - for the whole socket: when it holds more than the high-water mark unsent (a slow link to
 *   the server), every session pauses until it drains below the low-water mark.
 */
export class ShellManager {
  private readonly sessions = new Map<string, Session>();
  /** Requests still being decided (consent), so a close from the server can cancel them. */
  private readonly opening = new Set<string>();
  private readonly drain = new DrainWatch(
    () => this.o.bufferedAmount(),
    () => {
      for (const id of this.sessions.keys()) this.setPause(id, 'localPause', false);
    },
  );

  constructor(private readonly o: ShellManagerOptions) {}

  get count(): number {
    return this.sessions.size;
  }

  readonly handlers = {
    'shell.open': (m: ShellOpen) => void this.open(m),
    'shell.resize': (m: MessageOf<ServerMessage, 'shell.resize'>) => this.sessions.get(m.sessionId)?.pty.resize(m.cols, m.rows),
    'shell.close': (m: MessageOf<ServerMessage, 'shell.close'>) => {
      if (this.opening.delete(m.sessionId)) this.o.withdrawConsent?.(m.sessionId);
      this.close(m.sessionId);
    },
    'shell.ack': (m: MessageOf<ServerMessage, 'shell.ack'>) => {
      const s = this.sessions.get(m.sessionId);
      if (!s) return;
      s.credit = Math.min(TERMINAL_LIMITS.windowBytes, s.credit + m.bytes);
      if (s.credit > 0) this.setPause(m.sessionId, 'windowPause', false);
    },
  };

  private async open(m: ShellOpen): Promise<void> {
    const deny = (reason: 'denied' | 'timeout' | 'unavailable' | 'limit', message: string) =>
      this.o.send({ type: 'shell.deny', sessionId: m.sessionId, reason, message });
    if (this.sessions.has(m.sessionId) || this.opening.has(m.sessionId)) return;
    if (this.sessions.size + this.opening.size >= this.o.maxSessions) return void deny('limit', `at most ${this.o.maxSessions} sessions at once on this PC`);
    let decision: 'accepted' | 'not_required' = 'not_required';
    this.opening.add(m.sessionId);
    if (m.consent === 'prompt') {
      const answer = await this.o.askConsent(m);
      // Withdrawn by the server meanwhile: nobody is waiting for this shell any more.
      if (!this.opening.has(m.sessionId)) return;
      if (answer !== 'accepted') {
        this.opening.delete(m.sessionId);
        return void deny(answer, answer === 'timeout' ? 'nobody at the PC answered in time' : 'the person at the PC declined');
      }
      decision = 'accepted';
    }
    this.opening.delete(m.sessionId);
    let pty: PtySession;
    try {
      pty = new PtySession({
        ...(this.o.shell ? { shell: this.o.shell } : {}),
        user: this.o.shellUser?.() ?? null,
        cols: m.cols,
        rows: m.rows,
        onData: (data) => this.output(m.sessionId, data),
        onExit: ({ exitCode, signal }) => {
          const s = this.sessions.get(m.sessionId);
          if (!s) return;
          this.flush(m.sessionId, s); // the last output goes before the exit notice
          this.sessions.delete(m.sessionId);
          const reason = s.endedAtPc ? 'ended_at_pc' : this.stopping ? 'agent_stopping' : 'exited';
          this.o.send({ type: 'shell.exit', sessionId: m.sessionId, exitCode, signal, reason });
          this.o.logger.info({ sessionId: m.sessionId, exitCode }, 'remote shell ended');
        },
      });
    } catch (err) {
      return void deny('unavailable', `no shell could be started: ${(err as Error).message}`);
    }
    const info: ActiveShell = {
      sessionId: m.sessionId,
      technician: m.technician,
      reason: m.reason,
      ticketId: m.ticketId,
      startedAt: new Date().toISOString(),
      consent: m.consent,
    };
    this.sessions.set(m.sessionId, {
      info,
      pty,
      endedAtPc: false,
      localPause: false,
      credit: TERMINAL_LIMITS.windowBytes,
      windowPause: false,
      pending: [],
      pendingBytes: 0,
      holdTimer: undefined,
    });
    if (m.consent === 'notify') this.o.notify(m);
    this.o.logger.info({ sessionId: m.sessionId, technician: m.technician, ticketId: m.ticketId }, 'remote shell started');
    this.o.send({ type: 'shell.accept', sessionId: m.sessionId, decision });
  }

  /** Keystrokes from the technician, as a binary frame. */
  input(frame: Buffer): void {
    const decoded = decodeTerminalFrame(frame);
    if (decoded) this.sessions.get(decoded.sessionId)?.pty.write(decoded.data);
  }

  /**
   * A pty hands over a fast shell's output in reads of a few KB; sent one frame each, that is
   * tens of thousands of messages for the agent, the server and the technician per 100 MB, and
   * their per-message cost is what bounds throughput. So a full-sized read (more is coming) is
   * held for at most HOLD_MS and sent together with what follows; a small read — a keystroke's
   * echo, a prompt, the end of a burst — goes out at once, with what was held before it.
   */
  private output(sessionId: string, data: Buffer): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    s.pending.push(data);
    s.pendingBytes += data.length;
    s.credit -= data.length;
    if (s.credit <= 0) this.setPause(sessionId, 'windowPause', true);
    if (data.length < BULK_READ_BYTES || s.pendingBytes >= FRAME_DATA_MAX || s.windowPause) return this.flush(sessionId, s);
    s.holdTimer ??= setTimeout(() => this.flush(sessionId, s), HOLD_MS);
  }

  private flush(sessionId: string, s: Session): void {
    clearTimeout(s.holdTimer);
    s.holdTimer = undefined;
    if (s.pendingBytes === 0) return;
    const data = s.pending.length === 1 ? s.pending[0]! : Buffer.concat(s.pending, s.pendingBytes);
    s.pending = [];
    s.pendingBytes = 0;
    this.o.sendBinary(encodeTerminalFrame(sessionId, data));
    if (this.o.bufferedAmount() > TERMINAL_LIMITS.highWaterBytes) {
      for (const id of this.sessions.keys()) this.setPause(id, 'localPause', true);
      this.drain.watch();
    }
  }


  private setPause(sessionId: string, reason: 'localPause' | 'windowPause', paused: boolean): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    s[reason] = paused;
    if (s.localPause || s.windowPause) s.pty.pause();
    else s.pty.resume();
  }

  close(sessionId: string): void {
    this.sessions.get(sessionId)?.pty.kill();
  }

  /** The person at the PC ends a session from the Get-help page. */
  endAtPc(sessionId: string): boolean {
    const s = this.sessions.get(sessionId);
    if (!s) return false;
    s.endedAtPc = true;
    s.pty.kill();
    return true;
  }

  /** Who is connected to this PC right now. */
  active(): ActiveShell[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  private stopping = false;

  /** The agent stops: every shell ends, and the server is told why while it can still hear. */
  stop(): void {
    this.stopping = true;
    this.closeAll();
  }

  /** The connection is gone: no session may outlive it (it would run with nobody watching). */
  closeAll(): void {
    for (const id of this.opening) this.o.withdrawConsent?.(id);
    this.opening.clear();
    for (const id of [...this.sessions.keys()]) this.close(id);
    this.drain.stop();
  }
}
