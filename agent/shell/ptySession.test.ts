import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clampSize, decodeTerminalFrame, encodeTerminalFrame } from '../../shared/protocol/terminal.js';
import { PtySession } from './ptySession.js';

const until = async (what: string, check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

function session(cols = 80, rows = 24) {
  let output = '';
  let exit: { exitCode: number } | null = null;
  const s = new PtySession({
    cols,
    rows,
    shell: { file: '/bin/bash', args: ['--norc', '--noprofile'] },
    onData: (d) => (output += d.toString('utf8')),
    onExit: (e) => (exit = e),
  });
  return { s, output: () => output, exit: () => exit };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform !== 'win32')('a real pty session', () => {
  it('runs a command and returns its output', async () => {
    const t = session();
    t.s.write('echo hello-$((40+2))\r');
    await until('output', () => t.output().includes('hello-42'));
    t.s.write('exit 3\r');
    await until('exit', () => t.exit() !== null);
    expect(t.exit()!.exitCode).toBe(3);
  });

  it('follows a resize', async () => {
    const t = session(80, 24);
    t.s.resize(100, 40);
    t.s.write('stty size\r');
    await until('stty size', () => t.output().includes('40 100'));
    t.s.kill();
  });

  it('leaves no process behind when killed', async () => {
    const t = session();
    t.s.write('sleep 300 & echo child=$!\r');
    await until('child pid', () => /child=(\d+)/.test(t.output()));
    const child = Number(/child=(\d+)/.exec(t.output())![1]);
    expect(alive(child)).toBe(true);
    t.s.kill();
    await until('shell exit', () => t.exit() !== null);
    await until('child gone', () => !alive(child) || execFileSync('ps', ['-o', 'stat=', '-p', String(child)]).toString().startsWith('Z'));
    expect(alive(t.s.pid)).toBe(false);
  });

  it('delivers a paste larger than the pty holds whole and in order, keystrokes typed after it too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-pty-paste-'));
    const out = path.join(dir, 'pasted');
    const t = session();
    try {
      // Raw and silent: every byte goes to head as typed; head stops after exactly the paste.
      const paste = Buffer.from(Array.from({ length: 300_000 }, (_, i) => 97 + (i % 26)));
      t.s.write(`stty raw -echo; head -c ${paste.length + 3} > ${out}; stty sane; echo wrote-$((6*7))\r`);
      await new Promise((r) => setTimeout(r, 300));
      // The pty takes a few KB at a time; the rest waits in the agent, in order, behind it.
      for (let i = 0; i < paste.length; i += 50_000) t.s.write(paste.subarray(i, i + 50_000));
      t.s.write('xyz');
      await until('the paste written', () => t.output().includes('wrote-42'), 20_000);
      expect(fs.readFileSync(out).equals(Buffer.concat([paste, Buffer.from('xyz')]))).toBe(true);
    } finally {
      t.s.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores what is typed after the shell ended', async () => {
    const t = session();
    t.s.write('exit 0\r');
    await until('exit', () => t.exit() !== null);
    expect(() => t.s.write('too late\r')).not.toThrow();
  });

  it('stops producing output while paused', async () => {
    const t = session();
    t.s.write('stty -echo; sleep 0.3; yes | head -c 2000000; echo; echo done-marker\r');
    await new Promise((r) => setTimeout(r, 100));
    t.s.pause();
    const atPause = t.output().length;
    await new Promise((r) => setTimeout(r, 800));
    // Whatever the kernel had already buffered may still arrive, but not the whole 2 MB.
    expect(t.output().length - atPause).toBeLessThan(200_000);
    t.s.resume();
    await until('all output', () => t.output().includes('done-marker'));
    t.s.kill();
  });
});

describe('terminal framing', () => {
  it('round-trips a session id and bytes', () => {
    const id = '0b6f6a38-2f7d-4a51-9a35-3f0f1c2d4e5a';
    const frame = encodeTerminalFrame(id, Buffer.from([0, 1, 2, 255]));
    expect(frame.length).toBe(20);
    expect(decodeTerminalFrame(frame)).toEqual({ sessionId: id, data: Buffer.from([0, 1, 2, 255]) });
    expect(decodeTerminalFrame(Buffer.alloc(5))).toBeNull();
    expect(() => encodeTerminalFrame('nope', Buffer.alloc(0))).toThrow();
  });
  it('clamps absurd terminal sizes', () => {
    expect(clampSize(1e9, -5)).toEqual({ cols: 1000, rows: 1 });
    expect(clampSize(Number.NaN, 24.6)).toEqual({ cols: 2, rows: 25 });
  });
});
