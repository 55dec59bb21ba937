import type { ErrorCode } from '../../shared/protocol/codes.js';
import { FILE_LIMITS, type FileErrorReason, type FileOpen } from '../../shared/protocol/files.js';
import type { AgentMessage, MessageOf } from '../../shared/protocol/messages.js';
import { encodeTerminalFrame } from '../../shared/protocol/terminal.js';
import { AppError } from '../errors.js';
import type { AgentLink } from '../relay/terminal/agentLink.js';

export type FileAnswer = MessageOf<AgentMessage, 'file.accept' | 'file.ack' | 'file.done' | 'file.error'>;
export type FileAccepted = MessageOf<AgentMessage, 'file.accept'>;
export type FileDone = MessageOf<AgentMessage, 'file.done'>;

export const isFileAnswer = (m: AgentMessage): m is FileAnswer =>
  m.type === 'file.accept' || m.type === 'file.ack' || m.type === 'file.done' || m.type === 'file.error';

const CODE_FOR: Record<FileErrorReason, ErrorCode> = {
  denied: 'consent_denied',
  timeout: 'consent_timeout',
  limit: 'session_limit',
  not_found: 'not_found',
  not_allowed: 'forbidden',
  invalid: 'invalid_input',
  too_large: 'payload_too_large',
  no_space: 'disk_full',
  changed: 'file_changed',
  checksum: 'checksum_mismatch',
  failed: 'transfer_failed',
};

/** An error of the PC's, for the technician: the reason's stable code, the PC's words. */
export function fileError(m: MessageOf<AgentMessage, 'file.error'>): AppError {
  return new AppError(CODE_FOR[m.reason], m.message);
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: AppError) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Whoever waits handles a refusal; nobody waiting must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * One file operation between a technician's HTTP request and a PC, as the relay sees it: the
 * PC's answer, then (download) bytes to pass on as the reader takes them, or (upload) bytes
 * to send within the window the PC's acknowledgements open.
 */
export class Transfer {
  readonly id: string;
  private readonly acceptedD = deferred<FileAccepted>();
  private readonly finishedD = deferred<FileDone>();
  state: 'pending' | 'active' | 'ended' = 'pending';
  lastActivity = Date.now();
  /** Bytes that crossed, either way. */
  bytes = 0;
  /** Upload bytes the PC may still take before acknowledging some. */
  credit: number = FILE_LIMITS.windowBytes;
  private unacked = 0;
  private onData: ((data: Buffer) => void) | null = null;
  /** Download bytes that came before anyone took them (at most a window: none is acknowledged yet). */
  private early: Buffer[] = [];
  /** The PC acknowledged upload bytes: there is room to send more. */
  onCredit: (() => void) | null = null;
  private answerTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly open: FileOpen,
    readonly agent: AgentLink,
    readonly technicianId: string,
    private readonly onEnd: (t: Transfer) => void,
  ) {
    this.id = open.sessionId;
  }

  get accepted(): Promise<FileAccepted> {
    return this.acceptedD.promise;
  }

  get finished(): Promise<FileDone> {
    return this.finishedD.promise;
  }

  start(answerMs: number): void {
    this.answerTimer = setTimeout(() => this.fail(new AppError('shell_unavailable', 'the PC did not answer the file request'), true), answerMs);
    this.agent.send(this.open);
  }

  answer(m: FileAnswer): void {
    this.lastActivity = Date.now();
    if (m.type === 'file.accept') {
      if (this.state !== 'pending') return;
      clearTimeout(this.answerTimer);
      this.state = 'active';
      this.acceptedD.resolve(m);
      // A listing or a stat is over with its answer.
      if (this.open.op === 'list' || this.open.op === 'stat') this.end();
    } else if (m.type === 'file.ack') {
      this.credit = Math.min(FILE_LIMITS.windowBytes, this.credit + m.bytes);
      this.onCredit?.();
    } else if (m.type === 'file.done') {
      if (this.state !== 'active') return;
      this.end();
      this.finishedD.resolve(m);
    } else {
      this.fail(fileError(m), false);
    }
  }

  /** Download bytes from the PC. */
  data(data: Buffer): void {
    if (this.state !== 'active' || this.open.op !== 'read') return;
    this.lastActivity = Date.now();
    this.bytes += data.length;
    if (this.onData) this.onData(data);
    else this.early.push(data);
  }

  /** Where download bytes go from now on, those that came already first. */
  consume(onData: (data: Buffer) => void): void {
    this.onData = onData;
    const early = this.early;
    this.early = [];
    for (const d of early) onData(d);
  }

  /** The reader took `bytes` of the download: the PC may send that many more. */
  taken(bytes: number): void {
    if (this.state !== 'active') return;
    this.unacked += bytes;
    if (this.unacked < FILE_LIMITS.ackBatchBytes) return;
    this.agent.send({ type: 'file.ack', sessionId: this.id, bytes: this.unacked });
    this.unacked = 0;
  }

  /** Upload bytes for the PC, at most FILE_LIMITS.chunkBytes at a time. */
  write(data: Buffer): void {
    if (this.state !== 'active') return;
    this.lastActivity = Date.now();
    for (let i = 0; i < data.length; i += FILE_LIMITS.chunkBytes) {
      const chunk = data.subarray(i, i + FILE_LIMITS.chunkBytes);
      this.agent.sendBinary(encodeTerminalFrame(this.id, chunk));
      this.credit -= chunk.length;
      this.bytes += chunk.length;
    }
  }

  /** Every upload byte was sent: the PC checks and names the file. */
  sendEnd(): void {
    if (this.state === 'active') this.agent.send({ type: 'file.end', sessionId: this.id });
  }

  /**
   * Ends it with an error. `tellPc`: the PC may still be working on it (the technician left, the
   * server gave up waiting), so it is told to stop.
   */
  fail(err: AppError, tellPc: boolean): void {
    if (this.state === 'ended') return;
    if (tellPc) this.agent.send({ type: 'file.close', sessionId: this.id });
    this.end();
    this.acceptedD.reject(err);
    this.finishedD.reject(err);
  }

  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.answerTimer);
    this.onEnd(this);
  }
}
