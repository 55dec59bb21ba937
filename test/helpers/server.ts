import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestServer {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Everything the server process printed so far. */
  output(): string;
  api: Api;
  /** Stops the server process and keeps its data folder. */
  close(): Promise<void>;
  /**
   * Stops the server (unless it is stopped) and starts it again on the same port and data
   * folder; `env` is added to (or replaces part of) the environment it started with.
   */
  restart(env?: Record<string, string>): Promise<void>;
  /** SIGKILL, as a crash or a power cut: nothing is finished or flushed. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Api {
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  login(username?: string, password?: string): Promise<string>;
}

export function makeApi(baseUrl: () => string): Api {
  const api: Api = {
    async request(method, p, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const send = () => fetch(baseUrl() + p, { method, headers, body });
      // A pooled keep-alive socket may have been closed by a server restart a moment ago.
      const res = await send().catch(() => send());
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (metrics): keep the text.
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const r = await api.request('POST', '/api/v1/auth/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
  return api;
}

/** The built server entry point: what `npm start` and the service run. */
export const SERVER_MAIN = path.resolve(import.meta.dirname, '../../dist/server/main.js');

/**
 * The environment a server process gets: only what a user would set, plus PATH and HOME so it
 * can find the shell tools an OS provides. Nothing of the test runner's own environment leaks in.
 */
export function serverEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir() };
  return { ...base, ...env };
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `deskside-server start` and waits for the line that says where it listens. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_MAIN, 'start'], { env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const look = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

async function stopProcess(p: ServerProcess): Promise<void> {
  // Gone already: exited, or killed outright by the test (TestServer.crash).
  if (p.child.exitCode !== null || p.child.signalCode === 'SIGKILL') return;
  if (p.child.signalCode === null) p.child.kill('SIGTERM');
  const code = await p.exited;
  if (code !== 0) throw new Error(`the server exited with ${code}:\n${p.output().slice(-2000)}`);
}

/**
 * A real server on a loopback port with a temporary data folder: the built `deskside-server
 * start` in its own process, configured by environment variables alone.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-test-'));
  const config = (port: number) => ({
    DESKSIDE_DATA: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DESKSIDE_LOCAL_AGENT: '0',
    DESKSIDE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DESKSIDE_HEARTBEAT_SECONDS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...env,
  });
  let running = await spawnServer(config(0));
  const port = Number(new URL(running.url).port);
  const server: TestServer = {
    get url() {
      return running.url;
    },
    get pid() {
      return running.child.pid!;
    },
    output: () => running.output(),
    port,
    dataDir,
    api: makeApi(() => running.url),
    close: () => stopProcess(running),
    async restart(more = {}) {
      await stopProcess(running);
      running = await spawnServer({ ...config(port), ...more });
    },
    async crash() {
      running.child.kill('SIGKILL');
      await running.exited;
    },
    async stop() {
      try {
        await stopProcess(running);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return server;
}
