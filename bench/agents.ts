import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { InventoryDocument } from '../shared/inventory.js';
import type { SimCommand, SimReport } from './fleet/simulator.js';
import { benchServer, percentile, ROOT, round, rssKb, type BenchServer, type Report } from './lib.js';
import { LIMITS } from '../shared/protocol/limits.js';

const SIMULATOR = path.join(ROOT, 'dist', 'bench', 'fleet', 'simulator.js');
const PER_SIMULATOR = 5000;
const SOURCE_ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);

/** A small but complete inventory: what the server stores per device, not what it costs to collect. */
export const DOCUMENT: InventoryDocument = {
  collectedAt: new Date().toISOString(),
  system: { manufacturer: 'Bench', model: 'Simulated PC', serial: null, uuid: null },
  bios: { vendor: null, version: null, releaseDate: null },
  os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0', arch: 'x64', hostname: 'sim' },
  cpu: { manufacturer: 'Bench', brand: 'Simulated', cores: 4, physicalCores: 2, speedGHz: 2.4 },
  memory: { totalBytes: 16 * 2 ** 30, modules: [] },
  disks: { physical: [], filesystems: [{ mount: '/', fs: '/dev/sda1', type: 'ext4', sizeBytes: 256e9, usedBytes: 100e9 }] },
  network: [],
  graphics: [],
  battery: { present: false, percent: null, charging: null, cycleCount: null, designedCapacity: null, maxCapacity: null },
  users: [],
  software: Array.from({ length: 20 }, (_, i) => ({ name: `package-${i}`, version: '1.0' })),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function hardFileLimit(): number {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : Infinity; // "unlimited"
}

/** Devices enrolled through the real path (POST /api/v1/enroll), a few requests at a time. */
export async function enrollFleet(server: BenchServer, n: number): Promise<{ id: string; secret: string; hostname: string }[]> {
  // One token holds at most LIMITS.enrollmentUsesMax uses: a fleet larger than that takes several.
  const tokens: string[] = [];
  for (let left = n; left > 0; left -= LIMITS.enrollmentUsesMax) {
    const uses = Math.min(left, LIMITS.enrollmentUsesMax);
    tokens.push((await server.api<{ token: string }>('POST', '/api/v1/enrollment-tokens', { uses, expires: '1h' })).token);
  }
  const devices: { id: string; secret: string; hostname: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const token = tokens[Math.floor(next / LIMITS.enrollmentUsesMax)]!;
      const hostname = `sim-${String(next++).padStart(5, '0')}`;
      const r = await server.api<{ deviceId: string; deviceSecret: string }>('POST', '/api/v1/enroll', { token, hostname, platform: 'linux', agentVersion: 'sim' });
      devices.push({ id: r.deviceId, secret: r.deviceSecret, hostname });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return devices;
}

/** deskside_agents_connected from the server's metrics (served on loopback). */
export async function connectedPerServer(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^deskside_agents_connected (\d+)/m.exec(text);
  if (!m) throw new Error('the server\'s metrics have no deskside_agents_connected');
  return Number(m[1]);
}

export class Simulator {
  readonly child: ChildProcess;
  private readonly waiting = new Map<SimReport['type'], { resolve(r: SimReport): void; reject(e: Error): void }>();
  private failure: Error | undefined;
  constructor() {
    this.child = fork(SIMULATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (r: SimReport) => {
      if (r.type === 'failed') return this.fail(new Error(`simulator: ${r.message}`));
      this.waiting.get(r.type)?.resolve(r);
      this.waiting.delete(r.type);
    });
    this.child.on('exit', (code) => this.fail(new Error(`simulator exited (${code})`)));
  }
  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
  ask<T extends SimReport['type']>(cmd: SimCommand, answer: T, timeoutMs: number): Promise<Extract<SimReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const timer = setTimeout(() => reject(new Error(`simulator: no "${answer}" within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiting.set(answer, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as Extract<SimReport, { type: T }>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send(cmd);
    });
  }
}

/** Many simulated agents on one server process: how many it holds, at what memory, how fast it answers and recovers. */
export async function agentsBench(smoke: boolean): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [] };
  if (process.platform !== 'linux') {
    for (const k of ['agents.connected', 'agents.serverRssKbPerAgent', 'agents.heartbeatP99Ms', 'agents.reconnectStormSeconds']) {
      report.values[k] = null;
      report.reasons[k] = 'the fleet simulator uses loopback source addresses 127.0.0.x and /proc, which only Linux has';
    }
    return report;
  }
  const limit = hardFileLimit();
  // The server needs a few hundred descriptors of its own (database, listening socket, logs).
  const room = limit - 800;
  const n = Math.min(smoke ? 60 : 19_000, room);
  if (n < 10) {
    for (const k of ['agents.connected', 'agents.serverRssKbPerAgent', 'agents.heartbeatP99Ms', 'agents.reconnectStormSeconds']) {
      report.values[k] = null;
      report.reasons[k] = `the hard open-file limit here (${limit}) leaves no room for a fleet`;
    }
    return report;
  }
  const heartbeatSeconds = smoke ? 2 : 30;
  const server = await benchServer({ DESKSIDE_HEARTBEAT_SECONDS: String(heartbeatSeconds) });
  const sims: Simulator[] = [];
  try {
    let t = process.hrtime.bigint();
    const devices = await enrollFleet(server, n);
    const enrollSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    await sleep(1000);
    const rssBefore = rssKb(server.child.pid!);

    const per = Math.min(PER_SIMULATOR, Math.ceil(n / 2));
    for (let i = 0; i < n; i += per) sims.push(new Simulator());
    const addressesPer = Math.max(1, Math.floor(SOURCE_ADDRESSES.length / sims.length));
    const document = { ...DOCUMENT, collectedAt: new Date().toISOString() };
    t = process.hrtime.bigint();
    const startedAt = Date.now();
    const online = await Promise.all(
      sims.map((s, i) =>
        s.ask(
          {
            type: 'start',
            urls: [server.url.replace('http', 'ws')],
            devices: devices.slice(i * per, (i + 1) * per),
            addresses: SOURCE_ADDRESSES.slice(i * addressesPer, (i + 1) * addressesPer),
            document,
            rampConcurrency: 100,
          },
          'online',
          600_000,
        ),
      ),
    );
    const rampSeconds = Math.max(...online.map((o) => o.seconds));
    // The server's own count, not the simulators' word for it.
    report.values['agents.connected'] = await connectedPerServer(server.url);
    if (report.values['agents.connected'] !== n) report.notes.push(`agents: the simulators saw ${n} welcomed, the server counts ${report.values['agents.connected']}`);

    // Heartbeats and storms are measured in the steady state, as in the cluster's benchmark: once
    // every first inventory is stored. 19,000 first reports are the fleet's first day; measured
    // during them, a storm also waited on that backlog (and agents whose report was not yet
    // acknowledged sent it again on their return).
    const acked = await Promise.all(sims.map((s) => s.ask({ type: 'acked' }, 'acked', 900_000)));
    const ingestSeconds = (Math.max(...acked.map((a) => a.at)) - startedAt) / 1000;
    // Heartbeats during the ramp are not "at full load": start counting now, for one full interval.
    await Promise.all(sims.map((s) => s.ask({ type: 'rtts' }, 'rtts', 10_000)));
    await sleep(heartbeatSeconds * 1000 + 2000);
    const rtts = (await Promise.all(sims.map((s) => s.ask({ type: 'rtts' }, 'rtts', 10_000)))).flatMap((r) => r.values);
    const rssFull = rssKb(server.child.pid!);
    report.values['agents.heartbeatP99Ms'] = round(percentile(rtts, 99), 2);
    report.values['agents.serverRssKbPerAgent'] = round((rssFull - rssBefore) / n, 2);

    // Three storms, each a round: the figure is the median storm, with the fastest and slowest.
    const storms: number[] = [];
    let storm: { seconds: number; each: number[] }[] = [];
    for (let r = 0; r < (smoke ? 1 : 3); r++) {
      storm = await Promise.all(sims.map((s) => s.ask({ type: 'drop' }, 'recovered', 300_000)));
      storms.push(Math.max(...storm.map((s) => s.seconds)));
      await sleep(smoke ? 200 : 5000);
    }
    report.values['agents.reconnectStormSeconds'] = round(percentile(storms, 50), 2);
    report.spreads = { 'agents.reconnectStormSeconds': [round(Math.min(...storms), 2), round(Math.max(...storms), 2)] };
    const back = storm.flatMap((s) => s.each);
    const stormNote = `storm: half back in ${round(percentile(back, 50), 1)} s, 90 % in ${round(percentile(back, 90), 1)} s, 99 % in ${round(percentile(back, 99), 1)} s`;
    report.notes.push(
      `agents: ${n} simulated agents in ${sims.length} processes over ${sims.length * addressesPer} loopback addresses (hard open-file limit ${limit}); ` +
        `enrolled through POST /api/v1/enroll in ${round(enrollSeconds, 1)} s, online in ${round(rampSeconds, 1)} s (100 handshakes in flight per simulator), every first inventory stored ${round(ingestSeconds, 1)} s after the start; ` +
        `${rtts.length} heartbeats measured over one ${heartbeatSeconds} s interval; server RSS ${Math.round(rssBefore / 1024)} → ${Math.round(rssFull / 1024)} MB; ${stormNote}; ` +
        `simulators and server share the ${os.cpus().length} cores, so round trips include the simulators' own scheduling`,
    );
  } finally {
    for (const s of sims) {
      s.child.removeAllListeners('exit');
      s.child.kill('SIGKILL');
    }
    await server.stop();
  }
  return report;
}
