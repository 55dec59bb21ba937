import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAgent, benchServer, percentile, ROOT, round, type BenchServer, type Report } from './lib.js';
import { relayShell } from './relay.js';
import { expect, keystrokes, throughput, watch } from './shellTiming.js';
import { startSshd } from './sshd.js';
import { browserTerminal } from './browser.js';
import { inTerminal, type Terminal } from './pty.js';

const CLI = path.join(ROOT, 'dist', 'deskside', 'main.js');
const BASH = ['/bin/bash', '--noprofile', '--norc'];
/** bash's own prompt when no rc file sets one: "bash-5.2$ " (or # as root). */
const PROMPT = /bash-[\d.]+[$#] $/;

interface Sample {
  readyMs: number;
  MBps: number;
  keyP50: number;
  keyP99: number;
}

/** One session of a path: open → prompt, then output, then keystrokes; closed before the next. */
async function session(open: () => Terminal, bytes: number, keys: number): Promise<Sample> {
  const t0 = process.hrtime.bigint();
  const term = open();
  const state = watch(term);
  try {
    await Promise.race([expect(state, PROMPT), term.exited.then(() => Promise.reject(new Error(`the shell ended before its prompt: ${JSON.stringify(state.tail)}`)))]);
    const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const MBps = await throughput(term, bytes, state);
    // Typed for a while first, as a session is: the processes on the path have compiled their
    // code for it by then, and a first keystroke's cost is not what a session feels.
    await keystrokes(term, Math.min(keys, 200), state);
    const times = await keystrokes(term, keys, state);
    return { readyMs, MBps, keyP50: percentile(times, 50), keyP99: percentile(times, 99) };
  } finally {
    term.close();
    await term.exited;
  }
}

const median = (xs: number[]) => percentile(xs, 50);

/** ms from a technician's socket opening a session (as the console does) to the shell's prompt. */
async function relayReadyMs(b: BenchServer, deviceId: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const shell = await relayShell(b, deviceId);
  await expect(watch(shell), PROMPT);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  shell.close();
  return ms;
}

/**
 * The technician's path as a person uses it: `deskside shell` running in a terminal (a pty),
 * against bash in a local pty and OpenSSH on loopback, on the same harness, in alternating
 * rounds. Each figure is the median of the rounds, with the lowest and highest beside it.
 */
export async function terminalsBench(smoke: boolean): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [], spreads: {} };
  const bytes = smoke ? 1e6 : 20e6;
  const keys = smoke ? 20 : 500;
  const rounds = smoke ? 1 : 5;
  const b = await benchServer();
  const agent = await benchAgent(b);
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-cli-'));
  fs.writeFileSync(path.join(config, 'login.json'), JSON.stringify({ server: b.url, username: 'admin', token: b.token, expiresAt: new Date(Date.now() + 864e5).toISOString() }), { mode: 0o600 });
  const sshd = await startSshd();
  const paths: Record<string, () => Terminal> = {
    local: () => inTerminal(BASH[0]!, BASH.slice(1)),
    cli: () => inTerminal(process.execPath, [CLI, 'shell', agent.deviceId], { ...process.env, DESKSIDE_CONFIG_DIR: config }),
  };
  if (typeof sshd === 'string') {
    for (const k of ['MBps', 'ratio', 'keystrokeP50Ms', 'keystrokeP99Ms']) {
      report.values[`relay.ssh.${k}`] = null;
      report.reasons[`relay.ssh.${k}`] = sshd;
    }
  } else paths.ssh = () => inTerminal('ssh', ['-t', ...sshd.args, BASH.join(' ')]);
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(paths).map((p) => [p, []]));
  const ratios: Record<string, number[]> = { cli: [], ssh: [] };
  const relayReady: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      // The order turns each round, so that no path always follows the same one.
      const names = Object.keys(paths);
      const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
      const got: Record<string, Sample> = {};
      for (const name of order) got[name] = await session(paths[name]!, bytes, keys);
      relayReady.push(await relayReadyMs(b, agent.deviceId));
      for (const [name, s] of Object.entries(got)) samples[name]!.push(s);
      for (const name of ['cli', 'ssh']) if (got[name]) ratios[name]!.push(got[name].MBps / got.local!.MBps);
    }
    // The console's terminal in Chromium, on the same server and PC.
    const browser = await browserTerminal(b, agent.deviceId, { rounds: smoke ? 1 : 3, bytes, keys: smoke ? 20 : 200 });
    Object.assign(report.values, browser.values);
    Object.assign(report.reasons, browser.reasons);
    Object.assign(report.spreads!, browser.spreads);
  } finally {
    if (typeof sshd !== 'string') sshd.stop();
    fs.rmSync(config, { recursive: true, force: true });
    await agent.stop();
    await b.stop();
  }
  const put = (key: string, xs: number[], digits: number) => {
    report.values[key] = round(median(xs), digits);
    report.spreads![key] = [round(Math.min(...xs), digits), round(Math.max(...xs), digits)];
  };
  for (const [name, list] of Object.entries(samples)) {
    put(`relay.${name}.MBps`, list.map((s) => s.MBps), 1);
    put(`relay.${name}.keystrokeP50Ms`, list.map((s) => s.keyP50), 3);
    put(`relay.${name}.keystrokeP99Ms`, list.map((s) => s.keyP99), 3);
    if (name !== 'local') put(`relay.${name}.ratio`, ratios[name]!, 3);
  }
  put('relay.local.readyMs', samples.local!.map((s) => s.readyMs), 1);
  put('relay.cli.readyMs', samples.cli!.map((s) => s.readyMs), 1);
  // The relay's part of opening a shell: its open → prompt beyond a local pty's spawn → prompt.
  const localReady = median(samples.local!.map((s) => s.readyMs));
  put('relay.shellReadyAddedMs', relayReady.map((ms) => ms - localReady), 1);
  report.notes.push(
    `terminals: ${rounds} alternating rounds of ${bytes / 1e6} MB printed by bash and ${keys} keystrokes, each client in a pty of its own: ` +
      'local = bash in a pty; cli = deskside shell → server process → agent process → bash, on loopback; ' +
      'ssh = OpenSSH client → the benchmark\'s own sshd on loopback → bash. ready = start of the client → bash\'s prompt; the relay\'s added time to a prompt is timed from a technician socket\'s open, as the console opens one.',
  );
  return report;
}
