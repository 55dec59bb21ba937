import type { WebSocket } from 'ws';
import type { ConsentDecision, EndReason } from '../../../shared/api/sessions.js';
import type { ErrorCode } from '../../../shared/protocol/codes.js';
import { clampSize, encodeTerminalFrame, TERMINAL_LIMITS } from '../../../shared/protocol/terminal.js';
import type { TerminalServerMessage } from '../../../shared/protocol/terminalMessages.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import { AsciicastRecorder } from '../../sessions/asciicast.js';
import type { RecordingSink } from '../../sessions/recordingStore.js';
import type { AgentLink } from './agentLink.js';
import { OutputAcks } from './outputAcks.js';
import type { SessionFacts, SessionLedger } from './ledger.js';

/** How often a paused direction checks whether its reader has drained. */
const DRAIN_CHECK_MS = 10;
/**
 * An agent that keeps sending after being paused is broken or hostile; past this many bytes
 * queued towards the technician the session is ended rather than buffered.
 */
const HARD_LIMIT_BYTES = 8 * 1024 * 1024;

export interface RelaySessionOptions {
  facts: SessionFacts;
  technician: WebSocket;
  /** The technician's client acknowledges output it has shown (`"flow":"ack"`, the console). */
  clientAcks: boolean;
  agent: AgentLink;
  ledger: SessionLedger;
  logger: Logger;
  metrics: Metrics;
  /** Bytes now queued towards the technician, for the backlog peak metric. */
  observeBacklog(bytes: number): void;
  cols: number;
  rows: number;
  /** `input`: keystrokes are recorded too (DESKSIDE_RECORD_INPUT=1); otherwise only what the screen showed. */
  recording: { sink: () => RecordingSink; maxBytes: number; input: boolean } | null;
  /** Called once, when the session has ended and its record is written. */
  onEnd(session: RelaySession): void;
}

const END_MESSAGES: Record<EndReason, string> = {
  exited: 'the shell exited',
  closed: 'session closed',
  ended_at_pc: 'the person at the PC ended the session',
  agent_disconnected: 'the PC disconnected from the server',
  technician_disconnected: 'the technician disconnected',
  device_revoked: 'the device was revoked',
  idle_timeout: 'session closed after being idle',
  server_shutdown: 'the server is shutting down',
  consent_refused: 'the PC refused the session',
  access_revoked: "the technician's access changed (role, password, account disabled or deleted)",
  server_lost: 'the server handling this session stopped; open it again',
  error: 'the session failed',
};

/**
 * One remote shell, relayed between a technician's socket and the agent's socket.
 *
 * Flow control, end to end; bytes are forwarded as they arrive, never queued here:
 * - PC → technician: a window per session. The agent may have at most
 *   TERMINAL_LIMITS.windowBytes of output unacknowledged; the server acknowledges (`shell.ack`)
 *   only once the technician's socket has taken the bytes (the send callback), so a slow
 *   technician stalls their own shell at the pty and the server holds at most one window of it,
 *   whatever the TCP buffers between agent and server hold meanwhile. A client that
 *   acknowledges what it has shown (the console) moves the window to its screen instead: a page
 *   reads its socket at any speed and would queue what it cannot draw yet.
 * - technician → PC: when the agent's socket holds more than the high-water mark unsent, the
 *   technician's socket stops being read (TCP pushes back on the sender) until it drains below
 *   the low-water mark.
 */
export class RelaySession {
  readonly id: string;
  state: 'pending' | 'active' | 'ended' = 'pending';
  lastActivity = Date.now();
  private bytesIn = 0;
  private bytesOut = 0;
  private cols: number;
  private rows: number;
  private startedAt: string | null = null;
  private recorder: AsciicastRecorder | null = null;
  private technicianPaused = false;
  /** Output passed on to the technician and what of it may be acknowledged to the agent. */
  private readonly acks: OutputAcks;
  private drainTimer: NodeJS.Timeout | undefined;
  private answerTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: RelaySessionOptions) {
    this.id = o.facts.id;
    this.cols = o.cols;
    this.rows = o.rows;
    this.acks = new OutputAcks(o.clientAcks, (bytes) => o.agent.send({ type: 'shell.ack', sessionId: this.id, bytes }));
  }

  get facts(): SessionFacts {
    return this.o.facts;
  }

  get agent(): AgentLink {
    return this.o.agent;
  }

  /** The agent must answer shell.open within this time (consent included). */
  awaitAnswer(ms: number): void {
    this.answerTimer = setTimeout(() => this.refuse(null, 'shell_unavailable', 'the PC did not answer the session request', 4409, 'error'), ms);
  }

  private sendControl(message: TerminalServerMessage): void {
    if (this.o.technician.readyState === this.o.technician.OPEN) this.o.technician.send(JSON.stringify(message));
  }

  status(state: 'connecting' | 'waiting_for_consent', message: string): void {
    this.sendControl({ type: 'status', state, message });
  }

  /** The agent started the shell. */
  accepted(decision: ConsentDecision): void {
    if (this.state !== 'pending') return;
    clearTimeout(this.answerTimer);
    this.state = 'active';
    this.startedAt = new Date().toISOString();
    this.lastActivity = Date.now();
    if (this.o.recording) {
      try {
        this.recorder = new AsciicastRecorder(this.o.recording.sink(), {
          width: this.cols,
          height: this.rows,
          maxBytes: this.o.recording.maxBytes,
          title: `${this.o.facts.technicianName} on ${this.o.facts.deviceId}`,
        });
      } catch (err) {
        this.o.logger.error({ err, sessionId: this.id }, 'session recording could not start');
      }
    }
    void this.o.ledger.started(this.o.facts, decision, this.startedAt);
    this.sendControl({
      type: 'ready',
      sessionId: this.id,
      cols: this.cols,
      rows: this.rows,
      consent: decision,
      ...(this.o.recording?.input ? { inputRecorded: true } : {}),
    });
  }

  /** The PC refused (or could not start) the shell: the technician gets a coded error. */
  refuse(decision: ConsentDecision | null, code: ErrorCode, message: string, closeCode = 4409, reason: EndReason = 'consent_refused'): void {
    if (this.state !== 'pending') return;
    this.state = 'ended';
    clearTimeout(this.answerTimer);
    // Without an answer from the PC the shell may still start there later; make sure it does not.
    if (decision === null || decision === 'unavailable') this.o.agent.send({ type: 'shell.close', sessionId: this.id });
    this.sendControl({ type: 'error', code, message });
    this.closeTechnician(closeCode, code);
    void this.o.ledger.refused(this.o.facts, decision, message, new Date().toISOString(), reason).then(() => this.o.onEnd(this));
  }

  /** Output of the shell, from the agent. */
  fromAgent(data: Buffer): void {
    if (this.state !== 'active') return;
    const tech = this.o.technician;
    this.bytesOut += data.length;
    this.lastActivity = Date.now();
    this.recorder?.output(data);
    if (tech.readyState !== tech.OPEN) return;
    tech.send(data, { binary: true }, this.acks.sending(data.length));
    this.o.metrics.terminalBytes.inc({ direction: 'out' }, data.length);
    this.o.observeBacklog(tech.bufferedAmount);
    if (tech.bufferedAmount > HARD_LIMIT_BYTES) {
      this.o.logger.warn({ sessionId: this.id, buffered: tech.bufferedAmount }, 'agent ignored flow control');
      this.end('error', null);
    }
  }

  /**
   * The client has shown `bytes` more of the output: the agent may send that much more. Returns
   * what is wrong with the acknowledgement, if anything (it is then ignored).
   */
  clientAck(bytes: number): string | null {
    return this.acks.fromClient(bytes);
  }

  /** Keystrokes from the technician. */
  fromTechnician(data: Buffer): void {
    if (this.state !== 'active' || data.length === 0) return;
    this.bytesIn += data.length;
    this.lastActivity = Date.now();
    // Keystrokes include what no-echo prompts hide (passwords): recorded only when an admin asks.
    if (this.o.recording?.input) this.recorder?.input(data);
    this.o.metrics.terminalBytes.inc({ direction: 'in' }, data.length);
    this.o.agent.sendBinary(encodeTerminalFrame(this.id, data));
    if (!this.technicianPaused && this.o.agent.bufferedAmount > TERMINAL_LIMITS.highWaterBytes) {
      this.technicianPaused = true;
      this.o.technician.pause();
      this.watchDrain();
    }
  }

  resize(cols: number, rows: number): void {
    const size = clampSize(cols, rows);
    this.cols = size.cols;
    this.rows = size.rows;
    if (this.state !== 'active') return;
    this.recorder?.resize(size.cols, size.rows);
    this.o.agent.send({ type: 'shell.resize', sessionId: this.id, ...size });
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  private watchDrain(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => {
      if (this.technicianPaused && this.o.agent.bufferedAmount <= TERMINAL_LIMITS.lowWaterBytes) {
        this.technicianPaused = false;
        this.o.technician.resume();
      }
      if (!this.technicianPaused) {
        clearInterval(this.drainTimer);
        this.drainTimer = undefined;
      }
    }, DRAIN_CHECK_MS);
  }

  private closeTechnician(code: number, reason: string): void {
    const tech = this.o.technician;
    if (tech.readyState === tech.OPEN || tech.readyState === tech.CONNECTING) tech.close(code, reason.slice(0, 120));
  }

  /** Ends the session once, whichever side ended it, and writes down how it went. */
  end(reason: EndReason, exitCode: number | null, message = END_MESSAGES[reason]): void {
    if (this.state === 'pending') {
      // Nothing ran yet: the technician left or the PC went away while it was being asked.
      this.refuse(null, 'shell_unavailable', message, 1000, reason);
      return;
    }
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearInterval(this.drainTimer);
    clearTimeout(this.answerTimer);
    this.acks.stop();
    // The shell may still run unless it is the one that ended; it must not outlive the session.
    if (reason !== 'exited' && reason !== 'ended_at_pc' && reason !== 'agent_disconnected') {
      this.o.agent.send({ type: 'shell.close', sessionId: this.id });
    }
    this.sendControl({ type: 'exit', sessionId: this.id, reason, exitCode, message });
    this.closeTechnician(reason === 'server_shutdown' ? 1001 : 1000, reason);
    const endedAt = new Date().toISOString();
    const recorder = this.recorder;
    void (async () => {
      await recorder?.close().catch(() => undefined);
      await this.o.ledger.ended(
        this.o.facts,
        {
          reason,
          exitCode,
          bytesIn: this.bytesIn,
          bytesOut: this.bytesOut,
          cols: this.cols,
          rows: this.rows,
          recordingBytes: recorder?.size ?? 0,
          recordingTruncated: recorder?.truncated ?? false,
          startedAt: this.startedAt,
        },
        endedAt,
      );
      this.o.onEnd(this);
    })();
  }
}
