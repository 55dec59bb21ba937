import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/env.js';
import { createLogger } from '../server/logger.js';
import { startServer, type RunningServer } from '../server/server.js';

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
}

export interface BenchServer {
  server: RunningServer;
  dataDir: string;
  token: string;
  api<T>(method: string, p: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function benchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-'));
  const config = loadConfig({ DESKSIDE_DATA: dataDir, PORT: '0', DESKSIDE_LOCAL_AGENT: '0', DESKSIDE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', ...env });
  const server = await startServer(config, createLogger('silent'));
  const call = async <T>(method: string, p: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(server.url + p, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const { token } = await call<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  return {
    server,
    dataDir,
    token,
    api: (method, p, body) => call(method, p, body, token),
    async stop() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real server, in its own process, so its memory is measured alone. */
export async function serverProcess(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_SERVER_PROFILE=DIR writes the server's CPU profile there (open it in Chrome DevTools).
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVER_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, SERVER_MAIN, 'start'], {
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

/** A real agent process enrolled against the bench server, online. */
export async function benchAgent(b: BenchServer, env: Record<string, string> = {}): Promise<{ child: ChildProcess; deviceId: string; home: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-agent-'));
  const { token } = await b.api<{ token: string }>('POST', '/api/v1/enrollment-tokens', {});
  // Asynchronously: the server answering the enrollment runs in this very process.
  const { stdout: out } = await promisify(execFile)(process.execPath, [AGENT_MAIN, 'enroll', '--server', b.server.url, '--token', token], {
    env: { ...process.env, DESKSIDE_AGENT_HOME: home },
  });
  const deviceId = /device ([0-9a-f-]{36})/.exec(out)![1]!;
  const child = spawn(process.execPath, [AGENT_MAIN, 'run'], {
    env: { ...process.env, DESKSIDE_AGENT_HOME: home, DESKSIDE_GETHELP_PORT: '0', DESKSIDE_SHELL: '/bin/bash --noprofile --norc', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (!(await b.api<{ online: boolean; inventory: unknown }>('GET', `/api/v1/devices/${deviceId}`)).inventory) {
    if (Date.now() > deadline) throw new Error('bench agent did not come online');
    await new Promise((r) => setTimeout(r, 200));
  }
  await b.api('PATCH', `/api/v1/devices/${deviceId}`, { consent: 'unattended' });
  return { child, deviceId, home };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
