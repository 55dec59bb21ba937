import dns from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { DiagnosticsBundle, MAX_DIAGNOSTICS_BYTES } from '../../shared/diagnostics/bundle.js';
import type { SoftwareEntry } from '../../shared/inventory.js';
import { pendingReboot } from './reboot.js';

const cut = (s: unknown, n = 500) => String(s ?? '').slice(0, n);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function safe<T>(probe: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await probe();
  } catch {
    return fallback;
  }
}

/** DNS and HTTP reachability of the server, with clock skew from its Date header. */
async function probeServer(serverUrl: string): Promise<DiagnosticsBundle['server']> {
  const url = new URL(serverUrl);
  let dnsOk: boolean | null = null;
  let dnsError: string | null = null;
  if (!/^[\d.]+$|^\[|^localhost$/.test(url.hostname)) {
    try {
      await dns.lookup(url.hostname);
      dnsOk = true;
    } catch (err) {
      dnsOk = false;
      dnsError = cut((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
  }
  const started = Date.now();
  try {
    // Generous: a slow link to the server is still a working one (the latency says how slow).
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(5000) });
    const latencyMs = Date.now() - started;
    const serverDate = Date.parse(res.headers.get('date') ?? '');
    // The Date header has one-second resolution; the midpoint of the request is the best estimate of "now".
    const clockSkewMs = Number.isNaN(serverDate) ? null : started + latencyMs / 2 - serverDate;
    return { url: cut(serverUrl), dnsOk, dnsError, httpOk: res.ok, httpError: res.ok ? null : `HTTP ${res.status}`, latencyMs, clockSkewMs };
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { url: cut(serverUrl), dnsOk, dnsError, httpOk: false, httpError: cut(cause), latencyMs: null, clockSkewMs: null };
  }
}

function tail(file: string, lines: number): string[] {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').filter(Boolean).slice(-lines).map((l) => cut(l));
  } catch {
    return [];
  }
}

export function softwareDiff(before: SoftwareEntry[] | null, after: SoftwareEntry[]): DiagnosticsBundle['softwareChanges'] {
  if (!before) return null;
  const key = (e: SoftwareEntry) => `${e.name} ${e.version ?? ''}`.trim();
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  return {
    added: [...now].filter((k) => !was.has(k)).slice(0, 200).map((k) => cut(k)),
    removed: [...was].filter((k) => !now.has(k)).slice(0, 200).map((k) => cut(k)),
  };
}

export interface DiagnosticsInput {
  serverUrl: string;
  logFile: string | null;
  softwareChanges: DiagnosticsBundle['softwareChanges'];
}

/** The diagnostics bundle, collected in a few seconds; every probe may fail without failing the bundle. */
export async function collectDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsBundle> {
  // currentLoad() measures since its previous call: prime it, wait, then read a one-second sample.
  await safe(() => si.currentLoad(), null);
  const [osInfo, time, mem, procs, fsSize, nics, gateway, battery, server, reboot] = await Promise.all([
    safe(() => si.osInfo(), null),
    safe(async () => si.time(), null),
    safe(() => si.mem(), null),
    safe(() => si.processes(), null),
    safe(() => si.fsSize(), []),
    safe(() => si.networkInterfaces(), []),
    safe(() => si.networkGatewayDefault(), ''),
    safe(() => si.battery(), null),
    probeServer(input.serverUrl),
    safe(pendingReboot, null),
    new Promise((r) => setTimeout(r, 1000)),
  ]);
  const load = await safe(() => si.currentLoad(), null);
  const list = procs?.list ?? [];
  const proc = (p: (typeof list)[number]) => ({ pid: p.pid, name: cut(p.name, 200), cpuPct: num(p.cpu), memPct: num(p.mem) });
  const nicList = Array.isArray(nics) ? nics : [nics];
  const bundle: DiagnosticsBundle = {
    collectedAt: new Date().toISOString(),
    os: { platform: cut(osInfo?.platform ?? process.platform), distro: osInfo?.distro ? cut(osInfo.distro) : null, release: osInfo?.release ? cut(osInfo.release) : null, hostname: cut(os.hostname()), uptimeSeconds: num(time?.uptime) },
    cpu: { cores: os.cpus().length, loadPct: num(load?.currentLoad), loadAvg1: process.platform === 'win32' ? null : (os.loadavg()[0] ?? null) },
    memory: { totalBytes: mem?.total ?? os.totalmem(), usedBytes: mem ? mem.total - mem.available : os.totalmem() - os.freemem() },
    topCpu: [...list].sort((a, b) => b.cpu - a.cpu).slice(0, 5).map(proc),
    topMemory: [...list].sort((a, b) => b.mem - a.mem).slice(0, 5).map(proc),
    filesystems: fsSize.filter((f) => f.mount && f.size > 0).slice(0, 64).map((f) => ({ mount: cut(f.mount), sizeBytes: f.size, usedBytes: f.used })),
    network: {
      interfaces: nicList.slice(0, 64).map((n) => ({ iface: cut(n.iface), ipv4: n.ip4 ? cut(n.ip4) : null, up: n.operstate === 'up' })),
      defaultGateway: gateway ? cut(gateway) : null,
    },
    server,
    battery: {
      present: Boolean(battery?.hasBattery),
      percent: battery?.hasBattery ? num(battery.percent) : null,
      healthPct: battery?.hasBattery && battery.designedCapacity > 0 ? (battery.maxCapacity / battery.designedCapacity) * 100 : null,
    },
    pendingReboot: reboot,
    softwareChanges: input.softwareChanges,
    logTail: input.logFile ? tail(input.logFile, 50) : [],
  };
  // Size cap: the log tail goes first, it is the largest part that can be shortened.
  while (Buffer.byteLength(JSON.stringify(bundle)) > MAX_DIAGNOSTICS_BYTES && bundle.logTail.length > 0) bundle.logTail.splice(0, 10);
  return DiagnosticsBundle.parse(bundle);
}
