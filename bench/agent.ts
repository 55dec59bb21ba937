import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectDiagnostics } from '../agent/diagnostics/collect.js';
import { collectInventory } from '../agent/inventory/collect.js';
import { benchAgent, benchServer, cpuSeconds, memoryKb, percentile, ROOT, round, type Report } from './lib.js';

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

/**
 * The agent as PCs run it: the single executable `npm run build:agent` makes for this machine,
 * built afresh and copied to a folder of the benchmark's own. Null with the reason where it
 * cannot be: a smoke run does not build it (the executable's own tests may be building it).
 */
function agentExecutable(smoke: boolean): { dir: string; exe: string } | { reason: string } {
  if (smoke) return { reason: 'a smoke run does not build the agent executable' };
  if (process.platform !== 'linux' || process.arch !== 'x64') return { reason: 'the executable is built and measured on linux-x64' };
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'agent', 'build', 'sea.js')], { stdio: 'pipe' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-exe-'));
  fs.cpSync(path.join(ROOT, 'dist', 'agent', 'linux-x64'), dir, { recursive: true });
  return { dir, exe: path.join(dir, 'deskside-agent') };
}

const spread = (xs: number[], digits: number): [number, number] => [round(Math.min(...xs), digits), round(Math.max(...xs), digits)];

/**
 * Three servers (one in a smoke run), each idling with one agent, as on a desk's first day:
 * servers read once V8 has given back what starting took (its memory reducer runs after ~30 s
 * idle) and each agent's start-up collection (in a child) has settled; agents `idle` s later.
 */
async function idleRound(smoke: boolean, idle: number, executable?: string) {
  const servers = await Promise.all((smoke ? [0] : [0, 1, 2]).map(() => benchServer({ DESKSIDE_HEARTBEAT_SECONDS: '30' })));
  const agents: Awaited<ReturnType<typeof benchAgent>>[] = [];
  try {
    for (const b of servers) agents.push(await benchAgent(b, {}, executable));
    await new Promise((r) => setTimeout(r, smoke ? 500 : 45_000));
    const serverMemory = servers.map((b) => memoryMb(b.child.pid!));
    const cpu0 = agents.map((a) => cpuSeconds(a.child.pid!));
    await new Promise((r) => setTimeout(r, idle * 1000));
    const cpuPct = agents.map((a, i) => ((cpuSeconds(a.child.pid!) - cpu0[i]!) / idle) * 100);
    return { servers: serverMemory, agents: agents.map((a) => memoryMb(a.child.pid!)), cpuPct };
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(servers.map((b) => b.stop()));
  }
}

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

  const memoryKeys = ['agent.idleRssMb', 'agent.idleAnonMb', 'agent.executableIdleRssMb', 'agent.idleCpuPct', 'agent.nodeFloorRssMb', 'server.idleRssMb', 'server.idleAnonMb'];
  if (process.platform !== 'linux') {
    for (const k of memoryKeys) {
      report.values[k] = null;
      report.reasons[k] = 'measured from /proc, which this OS does not have';
    }
    return report;
  }
  const floor = await nodeFloor();
  put('agent.nodeFloorRssMb', floor.map((m) => m.rss), 1);
  // Each key is the median of the three of a round, with the lowest and highest beside it.
  const idle = smoke ? 1 : 60;
  const node = await idleRound(smoke, idle);
  put('server.idleRssMb', node.servers.map((m) => m.rss), 1);
  put('server.idleAnonMb', node.servers.map((m) => m.anon), 1);
  put('agent.idleCpuPct', node.cpuPct, 3);
  put('agent.idleRssMb', node.agents.map((m) => m.rss), 1);
  put('agent.idleAnonMb', node.agents.map((m) => m.anon), 1);
  // Then, on servers of their own (started after the others are gone, so neither round
  // disturbs the other), the agent as PCs run it.
  const executable = agentExecutable(smoke);
  if ('exe' in executable) {
    try {
      const exe = await idleRound(smoke, idle, executable.exe);
      put('agent.executableIdleRssMb', exe.agents.map((m) => m.rss), 1);
    } finally {
      fs.rmSync(executable.dir, { recursive: true, force: true });
    }
  } else {
    report.values['agent.executableIdleRssMb'] = null;
    report.reasons['agent.executableIdleRssMb'] = executable.reason;
  }
  report.notes.push(
    `agent: ${node.agents.length} servers with one agent each (dist/agent/main.js under node), idle for ${idle} s after 45 s, heartbeats every 30 s; ` +
      `${'exe' in executable ? `then ${node.agents.length} more with the single executable npm run build:agent makes, the same way; ` : ''}` +
      `node doing nothing holds ${round(floor[0]!.rss, 1)} MB (${round(floor[0]!.anon, 1)} MB its own, the rest pages of the node binary); ` +
      `collection includes the diagnostics' one-second CPU sample`,
  );
  return report;
}
