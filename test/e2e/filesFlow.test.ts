import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentProcess } from '../helpers/agent.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** End-to-end flow control of a transfer: the server holds a window of it, not the file. */
let server: TestServer;
let admin: string;
let device: string;
let agent: AgentProcess;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-flow-'));
const GB = 1024 ** 3;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  ({ deviceId: device, agent } = await unattendedAgent(server, admin));
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

it('keeps the server\'s memory flat while 1 GB goes to a reader that keeps stopping', async () => {
  const file = path.join(dir, 'one.img');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, GB);
  const expected = createHash('sha256');
  const mb = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 1024; i++) expected.update(mb);

  const base = rss(server.pid);
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(server.pid))), 20);
  const res = await new Promise<http.IncomingMessage>((resolve) =>
    http.get(`${server.url}/api/v1/devices/${device}/files/content?path=${encodeURIComponent(file)}`, { headers: { authorization: `Bearer ${admin}` } }, resolve),
  );
  expect(res.statusCode).toBe(200);
  const hash = createHash('sha256');
  let n = 0;
  let nextStop = 200 * 1024 * 1024;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    hash.update(chunk);
    n += chunk.length;
    if (n >= nextStop) {
      // The reader stops for a while: without flow control the PC would fill the server meanwhile.
      nextStop += 200 * 1024 * 1024;
      await new Promise((r) => setTimeout(r, 1500));
    }
  }
  clearInterval(sampler);
  expect(n).toBe(GB);
  expect(hash.digest('hex')).toBe(expected.digest('hex'));
  // One window per transfer (1 MB) and the buffers around it, never the file (1,024 MB).
  expect(peak - base).toBeLessThan(100 * 1024 * 1024);
}, 120_000);
