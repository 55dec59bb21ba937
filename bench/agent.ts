import { collectDiagnostics } from '../agent/diagnostics/collect.js';
import { collectInventory } from '../agent/inventory/collect.js';
import { benchAgent, benchServer, cpuSeconds, round, rssKb, type Report } from './lib.js';

/** A real agent connected and idle, and the cost of one full collection. */
export async function agentBench(smoke: boolean): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [] };
  const started = process.hrtime.bigint();
  await collectInventory();
  await collectDiagnostics({ serverUrl: 'http://127.0.0.1:9', logFile: null, softwareChanges: null });
  report.values['agent.collectSeconds'] = round(Number(process.hrtime.bigint() - started) / 1e9, 2);

  if (process.platform !== 'linux') {
    for (const k of ['agent.idleRssMb', 'agent.idleCpuPct']) {
      report.values[k] = null;
      report.reasons[k] = 'measured from /proc, which this OS does not have';
    }
    return report;
  }
  const b = await benchServer({ DESKSIDE_HEARTBEAT_SECONDS: '30' });
  const agent = await benchAgent(b);
  try {
    const idle = smoke ? 1 : 60;
    await new Promise((r) => setTimeout(r, smoke ? 500 : 2000)); // the start-up collection settles
    const pid = agent.child.pid!;
    const cpu0 = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, idle * 1000));
    report.values['agent.idleCpuPct'] = round(((cpuSeconds(pid) - cpu0) / idle) * 100, 3);
    report.values['agent.idleRssMb'] = round(rssKb(pid) / 1024, 1);
    report.notes.push(`agent: idle for ${idle} s after start, heartbeats every 30 s; collection includes the diagnostics' one-second CPU sample`);
  } finally {
    await agent.stop();
    await b.stop();
  }
  return report;
}
