import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../shared/protocol/messages.js';
import { decodeTerminalFrame, encodeTerminalFrame, TERMINAL_LIMITS } from '../../shared/protocol/terminal.js';
import { ShellManager, type ConsentAnswer } from './manager.js';

const ID = '0b6f6a38-2f7d-4a51-9a35-3f0f1c2d4e5a';
const until = async (what: string, check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function harness(options: { consent?: ConsentAnswer; buffered?: () => number; maxSessions?: number; ack?: () => boolean } = {}) {
  const messages: AgentMessage[] = [];
  let output = '';
  const frames: number[] = [];
  const manager: ShellManager = new ShellManager({
    send: (m) => (messages.push(m), true),
    sendBinary: (frame) => {
      const d = decodeTerminalFrame(frame)!;
      output += d.data.toString('utf8');
      frames.push(d.data.length);
      // Plays the server: acknowledges output once "passed on", unless told to hold back.
      if (options.ack?.() ?? true) setImmediate(() => manager.handlers['shell.ack']({ type: 'shell.ack', sessionId: d.sessionId, bytes: d.data.length }));
      return true;
    },
    bufferedAmount: options.buffered ?? (() => 0),
    askConsent: async () => options.consent ?? 'accepted',
    shell: { file: '/bin/bash', args: ['--norc', '--noprofile'] },
    notify: () => {},
    logger: pino({ level: 'silent' }),
    maxSessions: options.maxSessions ?? 2,
  });
  const open = (consent: 'prompt' | 'notify' | 'unattended', sessionId = ID) =>
    manager.handlers['shell.open']({ type: 'shell.open', sessionId, cols: 80, rows: 24, consent, technician: 'tess', reason: null, ticketId: null });
  const type = (text: string, sessionId = ID) => manager.input(encodeTerminalFrame(sessionId, Buffer.from(text)));
  return { manager, messages, output: () => output, frames, open, type };
}

describe.runIf(process.platform !== 'win32')('remote shell sessions on the agent', () => {
  it('opens, runs input, resizes and reports the exit', async () => {
    const h = harness();
    h.open('unattended');
    await until('accept', () => h.messages.some((m) => m.type === 'shell.accept'));
    expect(h.messages[0]).toMatchObject({ type: 'shell.accept', decision: 'not_required' });
    h.manager.handlers['shell.resize']({ type: 'shell.resize', sessionId: ID, cols: 120, rows: 30 });
    h.type('stty size; echo out-$((6*7))\r');
    await until('output', () => h.output().includes('out-42') && h.output().includes('30 120'));
    h.manager.handlers['shell.close']({ type: 'shell.close', sessionId: ID });
    await until('exit', () => h.messages.some((m) => m.type === 'shell.exit'));
    expect(h.manager.count).toBe(0);
  });

  it('sends bulk output in few large frames, complete and in order, and an echo at once', async () => {
    const h = harness();
    h.open('unattended');
    await until('accept', () => h.messages.some((m) => m.type === 'shell.accept'));
    h.type("stty -echo; head -c 3000000 /dev/zero | tr '\\0' x; echo; echo end-of-\"\"output\r");
    await until('the end marker', () => h.output().includes('end-of-output'), 20_000);
    expect(/x{3000000}\r\nend-of-output/.test(h.output())).toBe(true);
    h.manager.closeAll();
    const bulk = h.frames.filter((n) => n >= 4000);
    // pty reads are a few KB each; held for a moment they go out several at a time.
    expect(bulk.reduce((a, b) => a + b, 0) / bulk.length).toBeGreaterThan(8000);
    const h2 = harness();
    h2.open('unattended');
    await until('accept', () => h2.messages.some((m) => m.type === 'shell.accept'));
    await new Promise((r) => setTimeout(r, 300));
    const before = h2.frames.length;
    h2.type('q');
    await until('echo', () => h2.output().endsWith('q'));
    expect(h2.frames.length).toBe(before + 1);
    h2.manager.closeAll();
  });

  it('asks for consent under the prompt policy and honours a refusal', async () => {
    const h = harness({ consent: 'denied' });
    h.open('prompt');
    await until('deny', () => h.messages.length > 0);
    expect(h.messages[0]).toMatchObject({ type: 'shell.deny', reason: 'denied' });
    expect(h.manager.count).toBe(0);
    const ok = harness({ consent: 'accepted' });
    ok.open('prompt');
    await until('accept', () => ok.messages.length > 0);
    expect(ok.messages[0]).toMatchObject({ type: 'shell.accept', decision: 'accepted' });
    ok.manager.closeAll();
  });

  it('refuses sessions past the limit', async () => {
    const h = harness({ maxSessions: 1 });
    h.open('unattended');
    h.open('unattended', '1b6f6a38-2f7d-4a51-9a35-3f0f1c2d4e5a');
    await until('two answers', () => h.messages.length === 2);
    expect(h.messages.map((m) => m.type).sort()).toEqual(['shell.accept', 'shell.deny']);
    h.manager.closeAll();
  });

  it('pauses the shell while the socket is backed up and resumes when it drains', async () => {
    let buffered = 0;
    const h = harness({ buffered: () => buffered });
    h.open('unattended');
    await until('accept', () => h.messages.length > 0);
    buffered = 10 * 1024 * 1024;
    h.type('stty -echo; yes | head -c 3000000; echo; echo end-$((1+1))-marker\r');
    await new Promise((r) => setTimeout(r, 800));
    const whilePaused = h.output().length;
    expect(whilePaused).toBeLessThan(500_000);
    expect(h.output()).not.toContain('end-2-marker');
    buffered = 0;
    await until('all output', () => h.output().includes('end-2-marker'));
    h.manager.closeAll();
  });

  it('stops at the window of unacknowledged output and goes on as acknowledgements return', async () => {
    let acking = false;
    const h = harness({ ack: () => acking });
    h.open('unattended');
    await until('accept', () => h.messages.length > 0);
    h.type('stty -echo; yes | head -c 3000000; echo; echo end-$((1+1))-marker\r');
    await until('the window used up', () => h.output().length >= TERMINAL_LIMITS.windowBytes);
    await new Promise((r) => setTimeout(r, 500));
    // One pty read may overshoot the window; nothing more comes until acknowledged.
    expect(h.output().length).toBeLessThan(TERMINAL_LIMITS.windowBytes + 128 * 1024);
    expect(h.output()).not.toContain('end-2-marker');
    acking = true;
    h.manager.handlers['shell.ack']({ type: 'shell.ack', sessionId: ID, bytes: h.output().length });
    await until('all output', () => h.output().includes('end-2-marker'));
    h.manager.closeAll();
  });
});
