import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logger.js';
import { startServer, type RunningServer } from '../../server/server.js';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestServer extends RunningServer {
  dataDir: string;
  api: Api;
  /** Stops the server and starts it again on the same port and data folder. */
  restart(): Promise<void>;
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

/** A real server on a loopback port with a temporary data folder, in this process. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-test-'));
  const config = (port: number) =>
    loadConfig({
      DESKSIDE_DATA: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DESKSIDE_LOCAL_AGENT: '0',
      DESKSIDE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DESKSIDE_HEARTBEAT_SECONDS: '1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...env,
    });
  let running = await startServer(config(0), createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const port = running.port;
  const server: TestServer = {
    get url() {
      return running.url;
    },
    get store() {
      return running.store;
    },
    port,
    dataDir,
    api: makeApi(() => running.url),
    close: () => running.close(),
    async restart() {
      await running.close();
      running = await startServer(config(port), createLogger('silent'));
    },
    async stop() {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
