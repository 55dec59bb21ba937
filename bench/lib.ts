import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVER_MAIN = path.join(ROOT, 'dist', 'server', 'main.js');
export const AGENT_MAIN = path.join(ROOT, 'dist', 'agent', 'main.js');
export const PASSWORD = 'bench-admin-password';

/** A value, or null and why it could not be measured here. */
export type Measured = number | null;
export interface Report {
  values: Record<string, Measured>;
  reasons: Record<string, string>;
  /** What limits the numbers, in a line each. */
  notes: string[];
  /** Lowest and highest round of a value that is a median of rounds. */
  spreads?: Record<string, [number, number]>;
}

export interface BenchServer {
  url: string;
  /** The server process, measured and profiled on its own. */
  child: ChildProcess;
  token: string;
  api<T>(method: string, p: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real server in its own process, and an admin session on it: on a temporary data folder, or
 * on `dataDir` when the benchmark filled one first (it is removed on stop either way).
 */
export async function benchServer(env: Record<string, string> = {}, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-'))): Promise<BenchServer> {
  const { child, url } = await serverProcess(dataDir, env);
  const call = async <T>(method: string, p: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(url + p, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const { token } = await call<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  return {
    url,
    child,
    token,
    api: (method, p, body) => call(method, p, body, token),
    async stop() {
      // A node the benchmark killed has exited already: nothing to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Node flags for a process under test: BENCH_NODE_ARGS, and BENCH_SERVER_PROFILE=DIR (or
 * BENCH_AGENT_PROFILE) to write its CPU profile there, for Chrome DevTools.
 */
function nodeArgs(variable: 'BENCH_SERVER_PROFILE' | 'BENCH_AGENT_PROFILE'): string[] {
  const dir = process.env[variable];
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return [...extra, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [])];
}

async function serverProcess(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs('BENCH_SERVER_PROFILE'), SERVER_MAIN, 'start'], {
    env: {
      ...process.env,
      DESKSIDE_DATA: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DESKSIDE_LOCAL_AGENT: '0',
      DESKSIDE_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  child.stdout!.resume();
  return { child, url };
}

/** An agent the benchmark started; stop() ends it and removes its state folder. */
export interface BenchAgent {
  child: ChildProcess;
  deviceId: string;
  stop(): Promise<void>;
}

/**
 * A real agent process enrolled against the bench server, online: dist/agent/main.js under this
 * node, or `executable`, the agent as `npm run build:agent` makes it for PCs.
 */
export async function benchAgent(b: BenchServer, env: Record<string, string> = {}, executable?: string): Promise<BenchAgent> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-agent-'));
  const { token } = await b.api<{ token: string }>('POST', '/api/v1/enrollment-tokens', {});
  const [program, ...start] = executable ? [executable] : [process.execPath, AGENT_MAIN];
  const { stdout: out } = await promisify(execFile)(program!, [...start, 'enroll', '--server', b.url, '--token', token], {
    env: { ...process.env, DESKSIDE_AGENT_HOME: home },
  });
  const deviceId = /device ([0-9a-f-]{36})/.exec(out)![1]!;
  const child = spawn(program!, [...(executable ? [] : nodeArgs('BENCH_AGENT_PROFILE')), ...start, 'run'], {
    env: { ...process.env, DESKSIDE_AGENT_HOME: home, DESKSIDE_GETHELP_PORT: '0', DESKSIDE_SHELL: '/bin/bash --noprofile --norc', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    while (!(await b.api<{ online: boolean; inventory: unknown }>('GET', `/api/v1/devices/${deviceId}`)).inventory) {
      if (Date.now() > deadline) throw new Error('bench agent did not come online');
      await new Promise((r) => setTimeout(r, 200));
    }
    await b.api('PATCH', `/api/v1/devices/${deviceId}`, { consent: 'unattended' });
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, deviceId, stop };
}

const TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/** Resident memory of a process in KB, from /proc: all of it, and its own (not mapped from files). */
export function memoryKb(pid: number): { rss: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), anon: kb('RssAnon') };
}

export const rssKb = (pid: number): number => memoryKb(pid).rss;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
