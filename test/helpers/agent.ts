import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The built agent entry point: tests run the agent as users do, as its own process. */
export const AGENT_MAIN = path.resolve(import.meta.dirname, '../../dist/agent/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function agentCli(home: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [AGENT_MAIN, ...args], { env: { ...process.env, DESKSIDE_AGENT_HOME: home, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface AgentProcess {
  home: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function newAgentHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-agent-'));
}

export function runAgent(home: string, env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [AGENT_MAIN, 'run'], {
    env: {
      ...process.env,
      DESKSIDE_AGENT_HOME: home,
      DESKSIDE_RECONNECT_MAX_SECONDS: '2',
      // A plain shell: the test machine's own start-up files (version managers, prompts) are not under test.
      DESKSIDE_SHELL: '/bin/bash --noprofile --norc',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    home,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
