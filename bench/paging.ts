import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { InventoryDocument } from '../shared/inventory.js';
import { hashOfSections, sectionHashes } from '../shared/inventoryHash.js';
import { loadConfig } from '../server/env.js';
import { createLogger } from '../server/logger.js';
import { startServer } from '../server/server.js';
import type { Store } from '../server/storage/types.js';
import { fillTickets } from './api.js';
import { benchServer, PASSWORD, percentile, round, type Report } from './lib.js';

const PACKAGES = ['openssl', 'firefox-esr', 'libreoffice', 'chromium', 'curl', 'git', 'python3', 'vim', 'zoom', 'teams'];

/** A PC's inventory: hostnames repeat (many PCs are called "vm"), addresses, users and packages vary. */
function pcInventory(i: number): InventoryDocument {
  return {
    collectedAt: new Date().toISOString(),
    system: { manufacturer: 'Contoso', model: 'Desk 9', serial: `SN${100000 + i}`, uuid: null },
    bios: { vendor: 'Contoso', version: '1.2', releaseDate: '2025-01-01' },
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: String(11 + (i % 3)), kernel: '6.1.0', arch: 'x64', hostname: i % 10 === 0 ? 'vm' : `pc-${i}` },
    cpu: { manufacturer: 'AMD', brand: 'Ryzen 5', cores: 12, physicalCores: 6, speedGHz: 3.6 },
    memory: { totalBytes: 16e9, modules: [] },
    disks: { physical: [], filesystems: [{ mount: '/', fs: '/dev/sda2', type: 'ext4', sizeBytes: 500e9, usedBytes: 200e9 + (i % 10) * 30e9 }] },
    network: [{ iface: 'eth0', mac: null, ipv4: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`], ipv6: [], speedMbps: 1000, virtual: false }],
    graphics: [],
    battery: { present: false, percent: null, charging: null, cycleCount: null, designedCapacity: null, maxCapacity: null },
    users: [{ user: `user${i % 1500}`, terminal: 'tty2', loginAt: null }],
    software: PACKAGES.map((name, k) => ({ name, version: `${1 + (k % 3)}.${(i + k) % 4}.${i % 17}` })),
  };
}

export async function fillDevices(store: Store, n: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    await store.transaction(async (repos) => {
      for (let j = i; j < Math.min(n, i + 500); j++) {
        const id = randomUUID();
        const document = pcInventory(j);
        await repos.devices.create({ id, hostname: document.os.hostname, platform: 'linux', agentVersion: '0.1.0', secretHash: 'x', enrolledAt: at });
        const hashes = sectionHashes(document);
        await repos.devices.saveInventory(id, { document, hash: hashOfSections(hashes), sectionHashes: hashes, changed: [], software: document.software, at });
      }
    });
  }
}

async function fill(dataDir: string, tickets: number, devices: number): Promise<void> {
  const config = loadConfig({ DESKSIDE_DATA: dataDir, PORT: '0', DESKSIDE_LOCAL_AGENT: '0', DESKSIDE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    await fillTickets(server.store, tickets);
    await fillDevices(server.store, devices);
  } finally {
    await server.close();
  }
}

/** One request at a time on one keep-alive connection: the time a person waits for a page. */
async function timed(url: string, token: string, rounds: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const t = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        http
          .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET ${url}: ${res.statusCode}`))));
          })
          .on('error', reject);
      });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

/**
 * The pages people turn with 100,000 tickets and 5,000 PCs stored: the queue (first, deep,
 * filtered), the inventory (sorted by each column, first and last page, filtered), the
 * fleet's software. Each is timed alone, as a person waits for it; the target is 50 ms a page.
 * The baseline is GET /healthz in the same run: what any round trip to this server costs.
 */
export async function pagingBench(smoke: boolean): Promise<Report> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-paging-'));
  const [tickets, devices] = smoke ? [300, 60] : [100_000, 5_000];
  try {
    await fill(dataDir, tickets, devices);
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const server = await benchServer({}, dataDir);
  const rounds = smoke ? 3 : 40;
  try {
    const last = (n: number) => Math.max(0, n - 50);
    const pages: [string, string][] = [
      ['queue, first page', '/api/v1/tickets?status=active&limit=50'],
      ['queue, page 1,000', `/api/v1/tickets?limit=50&offset=${last(Math.min(tickets, 50_000))}`],
      ['queue, high priority', '/api/v1/tickets?status=active&priority=high&limit=50'],
      ['queue, text search', '/api/v1/tickets?q=ticket%209999&limit=50'],
      ['queue, a word in every ticket', '/api/v1/tickets?q=bench&limit=50'],
      ['queue, a word in every open ticket', '/api/v1/tickets?status=active&q=bench&limit=50'],
      ['inventory, by name', '/api/v1/devices?limit=50'],
      ['inventory, by IP, last page', `/api/v1/devices?sort=ip&limit=50&offset=${last(devices)}`],
      ['inventory, by user, descending', '/api/v1/devices?sort=user&order=desc&limit=50'],
      ['inventory, by last seen', '/api/v1/devices?sort=lastSeen&limit=50&offset=2500'],
      ['inventory, OpenSSL 1.0.x', '/api/v1/devices?software=openssl&softwareVersion=1.0.&limit=50'],
      ['inventory, text search', '/api/v1/devices?q=user77&limit=50'],
      ['software, first page', '/api/v1/software?limit=50'],
      ['software, search', '/api/v1/software?q=ssl&limit=50'],
    ];
    await timed(`${server.url}/healthz`, server.token, rounds);
    const baseline = percentile(await timed(`${server.url}/healthz`, server.token, rounds), 50);
    for (const [, p] of pages) await timed(`${server.url}${p}`, server.token, 3); // warm-up: JIT, page cache
    // Rounds over every page in turn: each key is the median of the rounds' worst page, with the
    // lowest and highest beside it.
    const perRound: { name: string; p50: number; p95: number }[][] = [];
    for (let r = 0; r < (smoke ? 1 : 3); r++) {
      const results: { name: string; p50: number; p95: number }[] = [];
      for (const [name, p] of pages) {
        const times = await timed(`${server.url}${p}`, server.token, rounds);
        results.push({ name, p50: percentile(times, 50), p95: percentile(times, 95) });
      }
      perRound.push(results);
    }
    const worst = (results: { name: string; p95: number }[], prefix: string) => Math.max(...results.filter((r) => r.name.startsWith(prefix)).map((r) => r.p95));
    const values: Record<string, number> = {};
    const spreads: Record<string, [number, number]> = {};
    const put = (key: string, xs: number[]) => {
      values[key] = round(percentile(xs, 50), 1);
      spreads[key] = [round(Math.min(...xs), 1), round(Math.max(...xs), 1)];
    };
    put('paging.ticketPageP95Ms', perRound.map((rs) => worst(rs, 'queue')));
    put('paging.devicePageP95Ms', perRound.map((rs) => worst(rs, 'inventory')));
    put('paging.softwarePageP95Ms', perRound.map((rs) => worst(rs, 'software')));
    put('paging.slowestOverHealthz', perRound.map((rs) => Math.max(...rs.map((r) => r.p95)) / Math.max(baseline, 0.01)));
    const median = (xs: number[]) => round(percentile(xs, 50), 1);
    return {
      values,
      spreads,
      reasons: {},
      notes: [
        `paging: ${tickets} tickets and ${devices} PCs stored (SQLite); ${perRound.length} rounds of ${rounds} requests per page, one at a time; /healthz p50 ${round(baseline, 2)} ms; target ≤ 50 ms a page; per page, the median of the rounds:`,
        ...pages.map(([name], i) => `  ${name}: p50 ${median(perRound.map((rs) => rs[i]!.p50))} ms, p95 ${median(perRound.map((rs) => rs[i]!.p95))} ms`),
      ],
    };
  } finally {
    await server.stop();
  }
}
