import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { FILE_LIMITS, type FileErrorReason, type FileOpen } from '../../shared/protocol/files.js';
import type { AgentMessage, MessageOf, ServerMessage } from '../../shared/protocol/messages.js';
import { decodeTerminalFrame, encodeTerminalFrame, TERMINAL_LIMITS } from '../../shared/protocol/terminal.js';
import { DrainWatch, type SessionChannel } from '../channel.js';
import type { ConsentAnswer } from '../shell/consent.js';
import type { ShellUser } from '../shell/shellUser.js';
import { HELPER_COMMAND, HelperEvent, type HelperRequest } from './helperProtocol.js';
import { selfCommand } from '../self.js';

/** Once the person at the PC allowed a technician at their files, they are not asked again for this long. */
export const CONSENT_GRANT_MS = 15 * 60_000;

export interface FileManagerOptions extends SessionChannel {
  /** Tells the person at the PC that files are being transferred (policy "notify"). */
  notify(request: FileOpen): void;
  logger: Logger;
  maxTransfers: number;
  /** DESKSIDE_FILE_ROOTS: the folders transfers are confined to (none: wherever the account may). */
  roots: string[];
  /** Whom the files are read and written as: the account a shell would run as. */
  shellUser?: () => ShellUser | null;
  /** How to start the helper; this program itself by default. */
  helper?: { file: string; args: string[] };
}

interface Transfer {
  open: FileOpen;
  child: ChildProcess;
  /** Download bytes the server has not acknowledged yet may still be sent. */
  credit: number;
  windowPause: boolean;
  localPause: boolean;
  /** Upload bytes handed to the helper and not yet acknowledged to the server. */
  unacked: number;
  /** read: the helper said done, and its output has all been read. */
  done: MessageOf<AgentMessage, 'file.done'> | null;
  outputEnded: boolean;
  finished: boolean;
}

/** The account this agent runs as, by name (a uid without a name in the user database has none). */
function processAccount(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * File transfers and listings on this PC for technicians, multiplexed over the agent's socket
 * like the shells. Each operation runs in a helper process started as the account a shell
 * would run as, so a technician reads and writes exactly what that account may.
 *
 * Flow control: a download may have at most FILE_LIMITS.windowBytes unacknowledged; past it
 * (or when the agent's own socket is backed up) the helper's output is not read, and the helper
 * blocks on its next write. An upload is acknowledged as the helper takes it, so the server
 * sends no faster than the disk writes.
 */
export class FileManager {
  private readonly transfers = new Map<string, Transfer>();
  private readonly opening = new Set<string>();
  private readonly grants = new Map<string, number>();
  private readonly drain = new DrainWatch(
    () => this.o.bufferedAmount(),
    () => {
      for (const t of this.transfers.values()) {
        if (!t.localPause) continue;
        t.localPause = false;
        this.flow(t);
      }
    },
  );

  constructor(private readonly o: FileManagerOptions) {}

  get count(): number {
    return this.transfers.size;
  }

  readonly handlers = {
    'file.open': (m: FileOpen) =>
      void this.start(m).catch((err: unknown) => {
        // Whatever failed, the technician hears why and the agent carries on.
        this.opening.delete(m.sessionId);
        this.o.logger.error({ err: (err as Error).message, sessionId: m.sessionId }, 'a file operation could not start');
        this.fail(m.sessionId, 'failed', `the file operation could not start: ${(err as Error).message}`);
      }),
    'file.ack': (m: MessageOf<ServerMessage, 'file.ack'>) => {
      const t = this.transfers.get(m.sessionId);
      if (!t) return;
      t.credit = Math.min(FILE_LIMITS.windowBytes, t.credit + m.bytes);
      if (t.credit > 0 && t.windowPause) {
        t.windowPause = false;
        this.flow(t);
      }
    },
    'file.end': (m: MessageOf<ServerMessage, 'file.end'>) => this.transfers.get(m.sessionId)?.child.stdin?.end(),
    'file.close': (m: MessageOf<ServerMessage, 'file.close'>) => {
      if (this.opening.delete(m.sessionId)) this.o.withdrawConsent?.(m.sessionId);
      this.stop(m.sessionId);
    },
  };

  /** A binary frame from the server: upload bytes of a transfer here. False when it is not one of ours. */
  input(frame: Buffer): boolean {
    const decoded = decodeTerminalFrame(frame);
    const t = decoded && this.transfers.get(decoded.sessionId);
    if (!decoded || !t) return false;
    const stdin = t.child.stdin;
    if (t.open.op !== 'write' || !stdin || stdin.destroyed || stdin.writableEnded) return true;
    const n = decoded.data.length;
    stdin.write(decoded.data, (err) => {
      if (err || t.finished) return;
      t.unacked += n;
      if (t.unacked >= FILE_LIMITS.ackBatchBytes || stdin.writableLength === 0) {
        this.o.send({ type: 'file.ack', sessionId: t.open.sessionId, bytes: t.unacked });
        t.unacked = 0;
      }
    });
    return true;
  }

  private fail(sessionId: string, reason: FileErrorReason, message: string, partialBytes?: number): void {
    this.o.send({ type: 'file.error', sessionId, reason, message, ...(partialBytes !== undefined ? { partialBytes } : {}) });
  }

  private async consent(m: FileOpen): Promise<'accepted' | 'not_required' | ConsentAnswer> {
    if (m.consent !== 'prompt') return 'not_required';
    const until = this.grants.get(m.technician) ?? 0;
    if (until > Date.now()) return 'accepted';
    const answer = await this.o.askConsent({ ...m, kind: 'files' });
    if (answer === 'accepted') this.grants.set(m.technician, Date.now() + CONSENT_GRANT_MS);
    return answer;
  }

  private async start(m: FileOpen): Promise<void> {
    if (this.transfers.has(m.sessionId) || this.opening.has(m.sessionId)) return;
    if (this.transfers.size + this.opening.size >= this.o.maxTransfers) {
      return this.fail(m.sessionId, 'limit', `at most ${this.o.maxTransfers} file operations at once on this PC`);
    }
    this.opening.add(m.sessionId);
    const decision = await this.consent(m);
    // Withdrawn by the server meanwhile: nobody is waiting any more.
    if (!this.opening.delete(m.sessionId)) return;
    if (decision === 'denied' || decision === 'timeout') {
      return this.fail(m.sessionId, decision, decision === 'timeout' ? 'nobody at the PC answered in time' : 'the person at the PC declined');
    }
    if (m.consent === 'notify' && (m.op === 'read' || m.op === 'write')) this.o.notify(m);
    let user: ShellUser | null;
    try {
      user = this.o.shellUser?.() ?? null;
    } catch (err) {
      return this.fail(m.sessionId, 'failed', (err as Error).message);
    }
    const request: HelperRequest = {
      op: m.op,
      path: m.path,
      offset: m.offset,
      size: m.size,
      sha256: m.sha256,
      archive: m.archive,
      maxBytes: m.maxBytes,
      roots: this.o.roots,
    };
    const cmd = this.o.helper ?? selfCommand();
    const child = spawn(cmd.file, [...cmd.args, HELPER_COMMAND, Buffer.from(JSON.stringify(request)).toString('base64')], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      // Paths are absolute: the folder it starts in does not matter, and an account's home may not exist.
      cwd: path.parse(process.cwd()).root,
      ...(user ? { uid: user.uid, gid: user.gid, env: { ...process.env, HOME: user.home, USER: user.name, LOGNAME: user.name } } : {}),
    });
    const t: Transfer = {
      open: m,
      child,
      credit: FILE_LIMITS.windowBytes,
      windowPause: false,
      localPause: false,
      unacked: 0,
      done: null,
      outputEnded: m.op !== 'read',
      finished: false,
    };
    this.transfers.set(m.sessionId, t);
    const account = user?.name ?? processAccount();
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    child.on('error', (err) => this.finish(t, () => this.fail(m.sessionId, 'failed', `the file helper could not start: ${err.message}`)));
    child.stdin?.on('error', () => undefined);
    readline.createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => this.event(t, decision, account, line));
    if (m.op === 'read') this.pumpOutput(t);
    else child.stdout?.resume();
    child.on('close', (code, signal) => {
      if (t.finished) return;
      this.finish(t, () => this.fail(m.sessionId, 'failed', `the file helper stopped (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
    });
  }

  private event(t: Transfer, decision: 'accepted' | 'not_required', account: string | undefined, line: string): void {
    let e: HelperEvent;
    try {
      e = HelperEvent.parse(JSON.parse(line));
    } catch {
      this.o.logger.warn('the file helper said something unreadable');
      return;
    }
    const id = t.open.sessionId;
    if (e.event === 'start') {
      this.o.send({
        type: 'file.accept',
        sessionId: id,
        decision,
        entry: e.entry,
        ...(e.entries ? { entries: e.entries, truncated: e.truncated ?? false } : {}),
        ...(e.partialBytes !== undefined ? { partialBytes: e.partialBytes } : {}),
        ...(account ? { user: account.slice(0, 64) } : {}),
      });
      if (t.open.op === 'list' || t.open.op === 'stat') this.finish(t, () => undefined);
    } else if (e.event === 'error') {
      this.finish(t, () => this.fail(id, e.reason, e.message, e.partialBytes));
    } else {
      t.done = { type: 'file.done', sessionId: id, bytes: e.bytes, sha256: e.sha256, ...(e.skipped ? { skipped: e.skipped } : {}) };
      this.maybeDone(t);
    }
  }

  private maybeDone(t: Transfer): void {
    const done = t.done;
    if (!done || !t.outputEnded) return;
    this.finish(t, () => this.o.send(done));
    this.o.logger.info({ sessionId: t.open.sessionId, op: t.open.op, path: t.open.path, bytes: done.bytes, technician: t.open.technician }, 'file transfer done');
  }

  private pumpOutput(t: Transfer): void {
    const out = t.child.stdout as Readable;
    out.on('data', (data: Buffer) => {
      for (let i = 0; i < data.length; i += FILE_LIMITS.chunkBytes) {
        const chunk = data.subarray(i, i + FILE_LIMITS.chunkBytes);
        this.o.sendBinary(encodeTerminalFrame(t.open.sessionId, chunk));
        t.credit -= chunk.length;
      }
      if (t.credit <= 0) t.windowPause = true;
      if (this.o.bufferedAmount() > TERMINAL_LIMITS.highWaterBytes) {
        t.localPause = true;
        this.drain.watch();
      }
      this.flow(t);
    });
    out.on('end', () => {
      t.outputEnded = true;
      this.maybeDone(t);
    });
  }

  private flow(t: Transfer): void {
    const out = t.child.stdout as Readable;
    if (t.windowPause || t.localPause) out.pause();
    else out.resume();
  }


  /** Once per transfer: says the last word and forgets it. */
  private finish(t: Transfer, lastWord: () => void): void {
    if (t.finished) return;
    t.finished = true;
    this.transfers.delete(t.open.sessionId);
    lastWord();
    if (t.child.exitCode === null && t.child.signalCode === null) {
      // list/stat and finished transfers exit by themselves; this is for a failure midway.
      setTimeout(() => t.child.kill('SIGKILL'), 5_000).unref();
    }
  }

  /** The server gave up on a transfer: the helper stops, a partial upload stays for a resume. */
  private stop(sessionId: string): void {
    const t = this.transfers.get(sessionId);
    if (!t) return;
    t.finished = true;
    this.transfers.delete(sessionId);
    (t.child.stdin as Writable | null)?.destroy();
    t.child.kill('SIGTERM');
  }

  /** The connection is gone: every transfer stops (uploads keep their partial files). */
  closeAll(): void {
    this.drain.stop();
    for (const id of [...this.transfers.keys()]) this.stop(id);
  }
}
