import { spawn } from 'node:child_process';
import path from 'node:path';

/** This program, started again: `node main.js` from a build, or the single executable itself. */
export function selfCommand(): { file: string; args: string[] } {
  const script = process.argv[1];
  const isScript = script !== undefined && path.resolve(script) !== process.execPath && /\.[cm]?js$/.test(script);
  return { file: process.execPath, args: isScript ? [script] : [] };
}

export interface SelfRunOptions {
  /** Output past this many bytes ends the child: a bug, not an inventory. */
  maxBytes: number;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** What runs; this program unless given. */
  command?: { file: string; args: string[] };
}

/**
 * The standard output of `deskside-agent ARGS` run as a child process. The agent runs all day
 * on every PC; what it needs only now and then (the inventory's and diagnostics' collectors, and
 * the large outputs they parse) lives and dies in the child, so the agent's own memory stays
 * that of an idle connection (bench/README.md, agent.idleRssMb).
 */
export function runSelf(args: string[], o: SelfRunOptions): Promise<string> {
  const cmd = o.command ?? selfCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.file, [...cmd.args, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: o.env ?? process.env, windowsHide: true });
    const out: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let failure: string | null = null;
    const stop = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`took longer than ${Math.round(o.timeoutMs / 1000)} s`), o.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      if (bytes > o.maxBytes) stop(`wrote more than ${o.maxBytes} bytes`);
      else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`deskside-agent ${args[0]} could not start: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(new Error(`deskside-agent ${args[0]} ${failure}`));
      if (code !== 0) return reject(new Error(`deskside-agent ${args[0]} exited ${code ?? signal}: ${stderr.trim().split('\n').pop() ?? ''}`));
      resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}
