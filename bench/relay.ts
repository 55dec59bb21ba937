import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';
import { benchAgent, benchServer, cpuSeconds, percentile, round, type BenchServer, type Report } from './lib.js';

const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof import('node-pty');
const MARK = 'BENCH-DONE';
const SHELL = ['/bin/bash', ['--noprofile', '--norc']] as const;

/** Something that runs a shell and hands back its output: a local pty, or a technician socket. */
interface Shell {
  write(s: string): void;
  onData(fn: (d: Buffer) => void): void;
  close(): void;
}

function localShell(): Shell {
  const p = pty.spawn(SHELL[0], [...SHELL[1]], { cols: 120, rows: 40, encoding: null });
  let exited = false;
  p.onExit(() => (exited = true));
  return {
    write: (s) => p.write(s),
    onData: (fn) => p.onData((d) => fn(Buffer.from(d as unknown as Uint8Array))),
    // Ended as a person would: killing it with a write still queued makes node-pty complain.
    close: () => {
      p.write('exit\r');
      setTimeout(() => exited || p.kill(), 1000).unref();
    },
  };
}

export async function relayShell(b: BenchServer, deviceId: string): Promise<Shell> {
  const ws = new WebSocket(`${b.url.replace('http', 'ws')}/ws/terminal?device=${deviceId}&cols=120&rows=40`, { perMessageDeflate: false });
  const listeners: ((d: Buffer) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: b.token })));
    ws.on('message', (data: Buffer, binary) => {
      if (binary) return void listeners.forEach((l) => l(data));
      const { type } = JSON.parse(data.toString()) as { type: string };
      if (type === 'ready') resolve();
      else if (type === 'error') reject(new Error(data.toString()));
    });
  });
  return {
    write: (s) => ws.send(Buffer.from(s), { binary: true }),
    onData: (fn) => listeners.push(fn),
    close: () => ws.close(),
  };
}

/**
 * `text` as the shell reads it but not as the terminal echoes it: `ab""cd` prints abcd, so
 * waiting for abcd waits for the command's output, never for the echo of what was typed.
 */
const quoteSplit = (text: string) => `${text.slice(0, 2)}""${text.slice(2)}`;

type Watched = ReturnType<typeof watch>;

/** Waits for `text` in the output that follows. */
function expect(state: Watched, text: string): Promise<void> {
  return new Promise((resolve) => state.waiters.push({ text, resolve }));
}

/** Counts a shell's output and keeps its last bytes, to find what expect() waits for. */
function watch(shell: Shell) {
  const state = { tail: '', bytes: 0, waiters: [] as { text: string; resolve(): void }[] };
  shell.onData((d) => {
    state.bytes += d.length;
    state.tail = (state.tail + d.subarray(-256).toString('latin1')).slice(-256);
    for (const w of [...state.waiters]) {
      if (state.tail.includes(w.text)) {
        state.waiters.splice(state.waiters.indexOf(w), 1);
        state.tail = '';
        w.resolve();
      }
    }
  });
  return state;
}

export async function throughput(shell: Shell, bytes: number): Promise<number> {
  const state = watch(shell);
  shell.write('stty -echo\r');
  await new Promise((r) => setTimeout(r, 300));
  const done = expect(state, MARK);
  const started = process.hrtime.bigint();
  state.bytes = 0;
  shell.write(`head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo ${quoteSplit(MARK)}\r`);
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return state.bytes / seconds / 1e6;
}

/** One byte typed → its echo read, `n` times (ms each). */
async function keystrokes(shell: Shell, n: number): Promise<number[]> {
  const state = watch(shell);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const got = expect(state, ch);
    const t = process.hrtime.bigint();
    shell.write(ch);
    await got;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (i % 50 === 49) shell.write('\u0015'); // Ctrl-U keeps the line short
  }
  shell.write('\u0015');
  return times;
}

async function commandRoundTrips(shell: Shell, n: number): Promise<number[]> {
  const state = watch(shell);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = `rt${i}z`;
    const got = expect(state, token);
    const t = process.hrtime.bigint();
    shell.write(`echo ${quoteSplit(token)}\r`);
    await got;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

/** Why `ssh localhost` cannot serve as a baseline here, or null when it works. */
function sshUnavailable(): string | null {
  const r = spawnSync('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=2', '-o', 'StrictHostKeyChecking=no', 'localhost', 'true'], { encoding: 'utf8' });
  if (r.error) return `no ssh client: ${r.error.message}`;
  return r.status === 0 ? null : `ssh localhost fails here: ${(r.stderr || `exit ${r.status}`).trim().split('\n')[0]}`;
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
    const localEcho = localShell();
    await settle();
    const localKeys = await keystrokes(localEcho, keys);
    localEcho.close();
    const shell = await relayShell(recorded, agents[0]!.deviceId);
    await settle();
    const relayKeys = await keystrokes(shell, keys);
    const roundTrips = await commandRoundTrips(shell, smoke ? 10 : 100);
    shell.close();

    const direct = percentile(samples.direct, 50);
    const relayed = percentile(samples.recorded, 50);
    report.values['relay.directMBps'] = round(direct);
    report.values['relay.relayMBps'] = round(relayed);
    report.values['relay.throughputRatio'] = round(relayed / direct, 3);
    report.values['relay.keystrokeAddedP99Ms'] = round(percentile(relayKeys, 99) - percentile(localKeys, 99), 3);
    report.values['relay.commandRoundTripP50Ms'] = round(percentile(roundTrips, 50), 3);
    report.values['relay.recordingThroughputRatio'] = round(relayed / percentile(samples.unrecorded, 50), 3);
    report.notes.push(
      `relay: ${bytes / 1e6} MB through bash's pty per sample, median of ${samples.direct.length} alternating rounds ` +
        `(direct ${samples.direct.map((v) => Math.round(v)).join('/')}, relayed ${samples.recorded.map((v) => Math.round(v)).join('/')}, ` +
        `unrecorded ${samples.unrecorded.map((v) => Math.round(v)).join('/')} MB/s); ${keys} keystrokes; ` +
        'relayed = agent process → server process → one technician socket in this process, on loopback; ' +
        `CPU seconds per 100 MB relayed: agent ${round((cpu.agent * 1e8) / (bytes * samples.recorded.length), 2)}, ` +
        `server ${round((cpu.server * 1e8) / (bytes * samples.recorded.length), 2)}, technician socket ${round((cpu.bench * 1e8) / (bytes * samples.recorded.length), 2)} ` +
        `(${os.cpus().length} cores shared with the shell's own pipeline)`,
    );
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all([recorded.stop(), unrecorded.stop()]);
  }
  report.values['relay.sshMBps'] = null;
  report.values['relay.sshKeystrokeP99Ms'] = null;
  report.reasons['relay.sshMBps'] = report.reasons['relay.sshKeystrokeP99Ms'] = sshUnavailable() ?? 'ssh localhost works here, but the OpenSSH comparison is not part of this benchmark yet';
  return report;
}
