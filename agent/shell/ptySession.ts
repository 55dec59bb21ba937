import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { ShellUser } from './shellUser.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IPty } from 'node-pty';
import { clampSize } from '../../shared/protocol/terminal.js';
import { PtyInput } from './ptyInput.js';

type NodePty = typeof import('node-pty');

/**
 * node-pty is a native addon. From a checkout it is a normal dependency; in the single
 * executable it ships in a node_modules folder beside the binary, where a plain import cannot
 * look, so it is loaded relative to the executable when the first attempt fails.
 */
function loadPty(): NodePty {
  try {
    // From the installed package; in the single executable there is no import.meta.url and no
    // node_modules around the bundle, so this throws and the copy beside the executable is used.
    return createRequire(import.meta.url)('node-pty') as NodePty;
  } catch {
    return createRequire(path.join(path.dirname(process.execPath), 'noop.js'))('node-pty') as NodePty;
  }
}
let pty: NodePty | undefined;

/** Processes whose session id is `sid` (Linux: from /proc; elsewhere from ps). */
function sessionMembers(sid: number): number[] {
  try {
    if (process.platform === 'linux') {
      return fs
        .readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((d) => {
          try {
            // Field 6 of /proc/PID/stat is the session id; the command name (field 2) may hold spaces, so split after its ')'.
            const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]) === sid;
          } catch {
            return false;
          }
        })
        .map(Number);
    }
    return execFileSync('ps', ['-A', '-o', 'pid=,sess='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter(([, s]) => s === sid)
      .map(([p]) => p!);
  } catch {
    return [sid];
  }
}

/** The shell a technician gets: the user's login shell on Unix, PowerShell on Windows. */
export function defaultShell(): { file: string; args: string[] } {
  if (process.platform === 'win32') return { file: 'powershell.exe', args: ['-NoLogo'] };
  return { file: process.env.SHELL || '/bin/bash', args: ['-l'] };
}

export interface PtySessionOptions {
  cols: number;
  rows: number;
  shell?: { file: string; args: string[] };
  env?: NodeJS.ProcessEnv;
  /** Another account to run the shell as (the agent runs as root); its own when absent. */
  user?: ShellUser | null;
  onData(data: Buffer): void;
  onExit(exit: { exitCode: number; signal: number | null }): void;
}

/**
 * One remote shell on this PC. Output is handed on as it comes; the caller pauses the pty when
 * its consumer falls behind and resumes it when it drains, so output never piles up in memory.
 */
export class PtySession {
  private readonly proc: IPty;
  private exited = false;
  /** Unix: keystrokes written straight to the pty (see ptyInput.ts); Windows: through node-pty. */
  private readonly input: PtyInput | null;
  paused = false;

  constructor(o: PtySessionOptions) {
    pty ??= loadPty();
    const size = clampSize(o.cols, o.rows);
    const user = o.user ?? null;
    const shell = o.shell ?? (user ? { file: user.shell, args: ['-l'] } : defaultShell());
    const home = user ? (fs.existsSync(user.home) ? user.home : '/') : os.homedir();
    const env: NodeJS.ProcessEnv = { ...(o.env ?? process.env), TERM: 'xterm-256color' };
    if (user) Object.assign(env, { HOME: home, USER: user.name, LOGNAME: user.name, SHELL: user.shell });
    this.proc = pty.spawn(shell.file, shell.args, {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd: home,
      env: env as Record<string, string>,
      encoding: null,
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    // With encoding null node-pty hands over a fresh Buffer per read: no copy needed.
    this.proc.onData((d) => o.onData(typeof d === 'string' ? Buffer.from(d) : Buffer.isBuffer(d) ? d : Buffer.from(d)));
    // node-pty's Unix terminal has the master's descriptor as `fd`, outside its typings.
    const fd = (this.proc as IPty & { fd?: unknown }).fd;
    this.input = process.platform !== 'win32' && typeof fd === 'number' ? new PtyInput(fd) : null;
    this.proc.onExit(({ exitCode, signal }) => {
      this.exited = true;
      this.input?.close();
      o.onExit({ exitCode, signal: signal ?? null });
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  write(data: Buffer | string): void {
    if (this.exited) return;
    if (this.input) this.input.write(typeof data === 'string' ? Buffer.from(data) : data);
    else this.proc.write(typeof data === 'string' ? data : data.toString('utf8'));
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    const size = clampSize(cols, rows);
    this.proc.resize(size.cols, size.rows);
  }

  pause(): void {
    if (!this.paused && !this.exited) {
      this.paused = true;
      this.proc.pause();
    }
  }

  resume(): void {
    if (this.paused && !this.exited) {
      this.paused = false;
      this.proc.resume();
    }
  }

  /**
   * Ends the shell and everything it started. The shell leads its own session, but its jobs run
   * in process groups of their own (job control), so the whole session is found and killed, not
   * only the shell's group: no orphan outlives a remote session.
   */
  kill(): void {
    if (this.exited) return;
    if (process.platform !== 'win32') {
      for (const pid of sessionMembers(this.proc.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Exited meanwhile.
        }
      }
    }
    try {
      this.proc.kill(process.platform === 'win32' ? undefined : 'SIGKILL');
    } catch {
      // Already exited.
    }
  }
}
