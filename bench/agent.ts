import { spawn } from 'node:child_process';
import { collectDiagnostics } from '../agent/diagnostics/collect.js';
import { collectInventory } from '../agent/inventory/collect.js';
import { benchAgent, benchServer, cpuSeconds, memoryKb, percentile, round, type Report } from './lib.js';

/** Resident memory of a process in MB: all of it, and the part that is its own. */
function memoryMb(pid: number): { rss: number; anon: number } {
  const kb = memoryKb(pid);
  return { rss: kb.rss / 1024, anon: kb.anon / 1024 };
}

/** The floor under any Node program here: `node` doing nothing (three at once), read the same way. */
async function nodeFloor(): Promise<{ rss: number; anon: number }[]> {
  const children = [0, 1, 2].map(() => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 2000));
  const m = children.map((c) => memoryMb(c.pid!));
  for (const c of children) c.kill();
  return m;
}

const spread = (xs: number[], digits: number): [number, number] => [round(Math.min(...xs), digits), round(Math.max(...xs), digits)];

/**
 * Three real servers idling with one real agent each (each pair a round), Node's own floor
 * (three idle `node` processes), and the cost of one full collection (three in a row).
 */
export async function agentBench(smoke: boolean): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [], spreads: {} };
  const put = (key: string, xs: number[], digits: number) => {
    report.values[key] = round(percentile(xs, 50), digits);
    report.spreads![key] = spread(xs, digits);
  };
  const collections: number[] = [];
  for (let i = 0; i < (smoke ? 1 : 3); i++) {
    const started = process.hrtime.bigint();
    await collectInventory();
    await collectDiagnostics({ serverUrl: 'http://127.0.0.1:9', logFile: null, softwareChanges: null });
    collections.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  put('agent.collectSeconds', collections, 2);

  const memoryKeys = ['agent.idleRssMb', 'agent.idleAnonMb', 'agent.idleCpuPct', 'agent.nodeFloorRssMb', 'server.idleRssMb', 'server.idleAnonMb'];
  if (process.platform !== 'linux') {
    for (const k of memoryKeys) {
      report.values[k] = null;
      report.reasons[k] = 'measured from /proc, which this OS does not have';
    }
    return report;
  }
  const floor = await nodeFloor();
  put('agent.nodeFloorRssMb', floor.map((m) => m.rss), 1);
  // Three servers, each idling with one agent, as on a desk's first day: each key is the median
  // of the three, with the lowest and highest beside it.
  const servers = await Promise.all((smoke ? [0] : [0, 1, 2]).map(() => benchServer({ DESKSIDE_HEARTBEAT_SECONDS: '30' })));
  const agents = [];
  try {
    for (const b of servers) agents.push(await benchAgent(b));
    const idle = smoke ? 1 : 60;
    // Measured once V8 has given back what starting up took (its memory reducer runs after
    // ~30 s idle), and each agent's start-up collection (in a child) has settled.
    await new Promise((r) => setTimeout(r, smoke ? 500 : 45_000));
    const server = servers.map((b) => memoryMb(b.child.pid!));
    put('server.idleRssMb', server.map((m) => m.rss), 1);
    put('server.idleAnonMb', server.map((m) => m.anon), 1);
    const cpu0 = agents.map((a) => cpuSeconds(a.child.pid!));
    await new Promise((r) => setTimeout(r, idle * 1000));
    put('agent.idleCpuPct', agents.map((a, i) => ((cpuSeconds(a.child.pid!) - cpu0[i]!) / idle) * 100), 3);
    const mem = agents.map((a) => memoryMb(a.child.pid!));
    put('agent.idleRssMb', mem.map((m) => m.rss), 1);
    put('agent.idleAnonMb', mem.map((m) => m.anon), 1);
    report.notes.push(
      `agent: ${agents.length} servers with one agent each, idle for ${idle} s after 45 s, heartbeats every 30 s; node doing nothing holds ${round(floor[0]!.rss, 1)} MB ` +
        `(${round(floor[0]!.anon, 1)} MB its own, the rest pages of the node binary); collection includes the diagnostics' one-second CPU sample`,
    );
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(servers.map((b) => b.stop()));
  }
  return report;
}
