import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ShellUser } from '../shell/shellUser.js';

export type ScriptShell = 'bash' | 'sh' | 'powershell' | 'cmd';

export interface ScriptRequest {
  shell: ScriptShell;
  body: string;
  timeoutMs: number;
  /** Output kept past this is counted, not kept (the process is never blocked on it). */
  outputCapBytes: number;
  /** Whom it runs as (an agent running as root runs scripts as the shell's user would). */
  user?: ShellUser;
}

export type ScriptEnd = 'exited' | 'timeout' | 'cancelled' | 'unavailable';

export interface ScriptResult {
  end: ScriptEnd;
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr interleaved as they came, up to the cap. */
  output: Buffer;
  /** Bytes written past the cap. */
  droppedBytes: number;
  durationMs: number;
  /** Why it could not start (end `unavailable`). */
  error?: string;
}

const FILES: Record<ScriptShell, { ext: string; command(file: string): [string, string[]] }> = {
  bash: { ext: '.sh', command: (f) => ['bash', ['--noprofile', '--norc', f]] },
  sh: { ext: '.sh', command: (f) => ['sh', [f]] },
  powershell: { ext: '.ps1', command: (f) => [process.platform === 'win32' ? 'powershell.exe' : 'pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', f]] },
  cmd: { ext: '.cmd', command: (f) => ['cmd.exe', ['/d', '/c', f]] },
};

/** Ends the whole process tree: the script and whatever it started. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    // The script leads its own process group (detached): the group is the tree.
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * Runs a script from a private temporary file with the shell it names, with no terminal and no
 * input. A timeout or a cancel kills the whole tree; output past the cap is read and counted so
 * a chatty script never stalls on a full pipe; the file is removed whatever happens.
 */
export function runScript(request: ScriptRequest): { result: Promise<ScriptResult>; cancel(): void } {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-script-'));
  const spec = FILES[request.shell];
  const file = path.join(dir, `script${spec.ext}`);
  fs.writeFileSync(file, request.body, { mode: 0o600 });
  if (request.user) {
    // The script's user must read its file; nobody else may.
    fs.chownSync(dir, request.user.uid, request.user.gid);
    fs.chownSync(file, request.user.uid, request.user.gid);
  }
  const [command, args] = spec.command(file);
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  let end: ScriptEnd = 'exited';
  let child: ChildProcess;
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    child = spawn(command, args, {
      cwd: request.user?.home ?? os.homedir(),
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(request.user ? { uid: request.user.uid, gid: request.user.gid, env: { ...process.env, HOME: request.user.home, USER: request.user.name, LOGNAME: request.user.name } } : {}),
    });
  } catch (err) {
    cleanup();
    return { result: Promise.resolve({ end: 'unavailable', exitCode: null, signal: null, output: Buffer.alloc(0), droppedBytes: 0, durationMs: 0, error: (err as Error).message }), cancel() {} };
  }
  const take = (data: Buffer) => {
    const room = request.outputCapBytes - kept;
    if (room > 0) {
      const part = data.length > room ? data.subarray(0, room) : data;
      chunks.push(part);
      kept += part.length;
    }
    dropped += Math.max(0, data.length - Math.max(0, room));
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const stop = (why: ScriptEnd) => {
    if (end !== 'exited') return;
    end = why;
    killTree(child);
  };
  const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
  const result = new Promise<ScriptResult>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (err) => (spawnError = err.message));
    // 'close' waits for the pipes too: everything the tree wrote has been read.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A timed-out script's leader may be gone while its children still write: the group goes too.
      if (end !== 'exited') killTree(child);
      cleanup();
      resolve({
        end: spawnError ? 'unavailable' : end,
        exitCode: spawnError ? null : code,
        signal,
        output: Buffer.concat(chunks),
        droppedBytes: dropped,
        durationMs: Date.now() - started,
        ...(spawnError ? { error: spawnError } : {}),
      });
    });
  });
  return { result, cancel: () => stop('cancelled') };
}
