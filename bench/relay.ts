import os from 'node:os';
import { WebSocket } from 'ws';
import { benchAgent, benchServer, cpuSeconds, percentile, round, type BenchServer, type Report } from './lib.js';
import { inTerminal } from './pty.js';
import { commandRoundTrips, keystrokes, throughput, type Shell } from './shellTiming.js';

const SHELL = ['/bin/bash', ['--noprofile', '--norc']] as const;

const localShell = (): Shell => inTerminal(SHELL[0], [...SHELL[1]]);

export async function relayShell(b: BenchServer, deviceId: string): Promise<Shell> {
  const ws = new WebSocket(`${b.url.replace('http', 'ws')}/ws/terminal?device=${deviceId}&cols=120&rows=40`, { perMessageDeflate: false });
  const listeners: ((d: Buffer) => void)[] = [];
  // Output that comes before anyone listens (the prompt, right behind "ready") is kept for the first.
  let early: Buffer[] | null = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: b.token })));
    ws.on('message', (data: Buffer, binary) => {
      if (binary) return void (early ? early.push(data) : listeners.forEach((l) => l(data)));
      const { type } = JSON.parse(data.toString()) as { type: string };
      if (type === 'ready') resolve();
      else if (type === 'error') reject(new Error(data.toString()));
    });
  });
  return {
    write: (s) => ws.send(Buffer.from(s), { binary: true }),
    onData: (fn) => {
      listeners.push(fn);
      const kept = early ?? [];
      early = null;
      for (const d of kept) fn(d);
    },
    close: () => ws.close(),
  };
}

export async function relayBench(smoke: boolean): Promise<Report> {
  const bytes = smoke ? 2e6 : 100e6;
  const keys = smoke ? 20 : 1000;
  const report: Report = { values: {}, reasons: {}, notes: [] };

  const settle = () => new Promise((r) => setTimeout(r, 300));
  // Started side by side: each waits mostly on its own process coming up.
  const [recorded, unrecorded] = await Promise.all([benchServer(), benchServer({ DESKSIDE_RECORDING_MAX_MB: '0' })]);
  const agents = await Promise.all([benchAgent(recorded), benchAgent(unrecorded)]);
  const samples = { direct: [] as number[], recorded: [] as number[], unrecorded: [] as number[] };
  // CPU the relayed path costs, per process: on a machine with few cores this is what bounds it.
  const cpu = { agent: 0, server: 0, bench: 0 };
  try {
    // Rounds alternate the three paths, and each reports its median: the machine is shared, and
    // a neighbour's burst should not land on one side of a ratio only.
    for (let round = 0; round < (smoke ? 1 : 5); round++) {
      const local = localShell();
      await settle();
      samples.direct.push(await throughput(local, bytes));
      local.close();
      for (const [server, agent, into] of [
        [recorded, agents[0]!, samples.recorded],
        [unrecorded, agents[1]!, samples.unrecorded],
      ] as const) {
        const shell = await relayShell(server, agent.deviceId);
        const before = { agent: cpuSeconds(agent.child.pid!), server: cpuSeconds(server.child.pid!), bench: process.cpuUsage() };
        into.push(await throughput(shell, bytes));
        if (into === samples.recorded) {
          cpu.agent += cpuSeconds(agent.child.pid!) - before.agent;
          cpu.server += cpuSeconds(server.child.pid!) - before.server;
          const used = process.cpuUsage(before.bench);
          cpu.bench += (used.user + used.system) / 1e6;
        }
        shell.close();
      }
    }
    // Keystrokes in rounds too, local and relayed back to back: one run's p99 swung 0.4–2 ms.
    const keyRounds = { added: [] as number[], roundTrip: [] as number[] };
    for (let r = 0; r < (smoke ? 1 : 3); r++) {
      const localEcho = localShell();
      await settle();
      const localKeys = await keystrokes(localEcho, keys);
      localEcho.close();
      const shell = await relayShell(recorded, agents[0]!.deviceId);
      await settle();
      const relayKeys = await keystrokes(shell, keys);
      keyRounds.added.push(percentile(relayKeys, 99) - percentile(localKeys, 99));
      keyRounds.roundTrip.push(percentile(await commandRoundTrips(shell, smoke ? 10 : 100), 50));
      shell.close();
    }

    const direct = percentile(samples.direct, 50);
    const relayed = percentile(samples.recorded, 50);
    const span = (xs: number[], d: number): [number, number] => [round(Math.min(...xs), d), round(Math.max(...xs), d)];
    // Ratios per round (both sides measured back to back), then their median.
    const ratios = samples.recorded.map((v, i) => v / samples.direct[i]!);
    const recordingRatios = samples.recorded.map((v, i) => v / samples.unrecorded[i]!);
    report.values['relay.directMBps'] = round(direct);
    report.values['relay.relayMBps'] = round(relayed);
    report.values['relay.throughputRatio'] = round(percentile(ratios, 50), 3);
    report.spreads = {
      'relay.directMBps': span(samples.direct, 2),
      'relay.relayMBps': span(samples.recorded, 2),
      'relay.throughputRatio': span(ratios, 3),
      'relay.recordingThroughputRatio': span(recordingRatios, 3),
      'relay.keystrokeAddedP99Ms': span(keyRounds.added, 3),
      'relay.commandRoundTripP50Ms': span(keyRounds.roundTrip, 3),
    };
    report.values['relay.keystrokeAddedP99Ms'] = round(percentile(keyRounds.added, 50), 3);
    report.values['relay.commandRoundTripP50Ms'] = round(percentile(keyRounds.roundTrip, 50), 3);
    report.values['relay.recordingThroughputRatio'] = round(percentile(recordingRatios, 50), 3);
    report.notes.push(
      `relay: ${bytes / 1e6} MB through bash's pty per sample, median of ${samples.direct.length} alternating rounds ` +
        `(direct ${samples.direct.map((v) => Math.round(v)).join('/')}, relayed ${samples.recorded.map((v) => Math.round(v)).join('/')}, ` +
        `unrecorded ${samples.unrecorded.map((v) => Math.round(v)).join('/')} MB/s); ${keys} keystrokes a round, ${keyRounds.added.length} rounds; ` +
        'relayed = agent process → server process → one technician socket in this process, on loopback; ' +
        `CPU seconds per 100 MB relayed: agent ${round((cpu.agent * 1e8) / (bytes * samples.recorded.length), 2)}, ` +
        `server ${round((cpu.server * 1e8) / (bytes * samples.recorded.length), 2)}, technician socket ${round((cpu.bench * 1e8) / (bytes * samples.recorded.length), 2)} ` +
        `(${os.cpus().length} cores shared with the shell's own pipeline)`,
    );
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all([recorded.stop(), unrecorded.stop()]);
  }
  return report;
}
