import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';
import { benchAgent, benchServer, percentile, round, type BenchServer, type Report } from './lib.js';

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
  return {
    write: (s) => p.write(s),
    onData: (fn) => p.onData((d) => fn(Buffer.from(d as unknown as Uint8Array))),
    close: () => p.kill(),
  };
}

async function relayShell(b: BenchServer, deviceId: string): Promise<Shell> {
  const ws = new WebSocket(`${b.server.url.replace('http', 'ws')}/ws/terminal?device=${deviceId}&cols=120&rows=40`, { perMessageDeflate: false });
  const listeners: ((d: Buffer) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: b.token })));
    ws.on('message', (data: Buffer, binary) => {
      if (binary) for (const l of listeners) l(data);
      else if (JSON.parse(data.toString()).type === 'ready') resolve();
      else if (JSON.parse(data.toString()).type === 'error') reject(new Error(data.toString()));
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

/** Waits for `text` in the output that follows. */
function expect(shell: Shell, text: string, state: { tail: string; waiters: { text: string; resolve(): void }[] }): Promise<void> {
  return new Promise((resolve) => state.waiters.push({ text, resolve }));
}

function watch(shell: Shell) {
  const state = { tail: '', bytes: 0, waiters: [] as { text: string; resolve(): void }[] };
  shell.onData((d) => {
    state.bytes += d.length;
    state.tail = (state.tail + d.toString('latin1')).slice(-256);
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

async function throughput(shell: Shell, bytes: number): Promise<number> {
  const state = watch(shell);
  shell.write('stty -echo\r');
  await new Promise((r) => setTimeout(r, 300));
  const done = expect(shell, MARK, state);
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
    const got = expect(shell, ch, state);
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
    const got = expect(shell, token, state);
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
  const bytes = smoke ? 2e6 : 200e6;
  const keys = smoke ? 20 : 300;
  const report: Report = { values: {}, reasons: {}, notes: [] };

  const local = localShell();
  await new Promise((r) => setTimeout(r, 300));
  const direct = await throughput(local, bytes);
  local.close();
  const localEcho = localShell();
  await new Promise((r) => setTimeout(r, 300));
  const localKeys = await keystrokes(localEcho, keys);
  localEcho.close();

  const measure = async (recording: boolean) => {
    const b = await benchServer(recording ? {} : { DESKSIDE_RECORDING_MAX_MB: '0' });
    const agent = await benchAgent(b);
    try {
      const s1 = await relayShell(b, agent.deviceId);
      const mbps = await throughput(s1, bytes);
      s1.close();
      if (!recording) return { mbps };
      const s2 = await relayShell(b, agent.deviceId);
      await new Promise((r) => setTimeout(r, 300));
      const k = await keystrokes(s2, keys);
      const rt = await commandRoundTrips(s2, smoke ? 10 : 100);
      s2.close();
      return { mbps, k, rt };
    } finally {
      agent.child.kill('SIGTERM');
      await b.stop();
    }
  };
  const withRecording = await measure(true);
  const without = await measure(false);

  report.values['relay.directMBps'] = round(direct);
  report.values['relay.relayMBps'] = round(withRecording.mbps);
  report.values['relay.throughputRatio'] = round(withRecording.mbps / direct, 3);
  report.values['relay.keystrokeAddedP99Ms'] = round(percentile(withRecording.k!, 99) - percentile(localKeys, 99), 3);
  report.values['relay.commandRoundTripP50Ms'] = round(percentile(withRecording.rt!, 50), 3);
  report.values['relay.recordingThroughputRatio'] = round(withRecording.mbps / without.mbps, 3);
  report.values['relay.sshMBps'] = null;
  report.values['relay.sshKeystrokeP99Ms'] = null;
  report.reasons['relay.sshMBps'] = report.reasons['relay.sshKeystrokeP99Ms'] = sshUnavailable() ?? 'ssh localhost works here, but the OpenSSH comparison is not part of this benchmark yet';
  report.notes.push(`relay: ${bytes / 1e6} MB through bash's pty in each case; keystrokes ${keys}; the relay numbers include the agent process, the server and one technician socket on loopback`);
  return report;
}
