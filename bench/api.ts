import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/env.js';
import { createLogger } from '../server/logger.js';
import { startServer } from '../server/server.js';
import type { Store } from '../server/storage/types.js';
import { benchServer, PASSWORD, percentile, round, type Report } from './lib.js';

/** Stores `n` tickets through the repository in large transactions: the benchmarks measure reading, not filling. */
export async function fillTickets(store: Store, n: number): Promise<void> {
  const admin = (await store.users.findByUsername('admin'))!;
  const priorities = ['critical', 'high', 'normal', 'low'] as const;
  const now = Date.now();
  for (let i = 0; i < n; i += 5000) {
    await store.transaction(async (repos) => {
      for (let j = i; j < Math.min(n, i + 5000); j++) {
        await repos.tickets.create({
          summary: `Bench ticket ${j}`,
          details: 'Generated for the API benchmark.',
          priority: priorities[j % 4]!,
          status: j % 5 === 0 ? 'resolved' : 'open',
          requesterId: admin.id,
          createdById: admin.id,
          deviceId: null,
          idempotencyKey: null,
          createdAt: new Date(now - j * 60_000).toISOString(),
          channel: 'web',
        });
      }
    });
  }
}

async function fill(dataDir: string, n: number): Promise<void> {
  const config = loadConfig({ DESKSIDE_DATA: dataDir, PORT: '0', DESKSIDE_LOCAL_AGENT: '0', DESKSIDE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    await fillTickets(server.store, n);
  } finally {
    await server.close();
  }
}

/**
 * `connections` keep-alive clients, each sending its next request when the previous answer is
 * read, for `seconds`: the closed-loop load autocannon applies, from this process while the
 * server has its own.
 */
export async function load(url: string, token: string, connections: number, seconds: number): Promise<{ latencies: number[]; elapsed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const t = process.hrtime.bigint();
      const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          resolve();
        });
      });
      req.on('error', reject);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await once();
    }),
  );
  agent.destroy();
  return { latencies, elapsed: (Date.now() - started) / 1000 };
}

/** GET /api/v1/tickets (default sort, first page) with many tickets stored, under concurrent load. */
export async function apiBench(smoke: boolean): Promise<Report> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-api-'));
  const tickets = smoke ? 500 : 100_000;
  try {
    await fill(dataDir, tickets);
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const server = await benchServer({}, dataDir);
  try {
    const url = `${server.url}/api/v1/tickets`;
    const connections = 10; // autocannon's default
    await load(url, server.token, connections, 1); // warm-up: JIT, SQLite page cache
    const rounds = smoke ? 1 : 3;
    const rps: number[] = [];
    const p99: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const { latencies, elapsed } = await load(url, server.token, connections, smoke ? 1 : 10);
      rps.push(latencies.length / elapsed);
      p99.push(percentile(latencies, 99));
    }
    const span = (xs: number[], d: number): [number, number] => [round(Math.min(...xs), d), round(Math.max(...xs), d)];
    return {
      values: { 'api.ticketListRps': round(percentile(rps, 50), 1), 'api.ticketListP99Ms': round(percentile(p99, 50), 2) },
      spreads: { 'api.ticketListRps': span(rps, 1), 'api.ticketListP99Ms': span(p99, 2) },
      reasons: {},
      notes: [`api: ${tickets} tickets stored; ${connections} keep-alive connections from the benchmark process, the server in its own (one core each); medians of ${rounds} rounds of 10 s`],
    };
  } finally {
    await server.stop();
  }
}
