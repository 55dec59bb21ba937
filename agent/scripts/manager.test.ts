import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../shared/protocol/messages.js';
import { ScriptManager } from './manager.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const resultsDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-results-'));
  dirs.push(d);
  return path.join(d, 'script-results');
};
const logger = pino({ level: 'silent' });
const run = (runId: string, body: string) => ({ type: 'script.run' as const, runId, shell: 'sh' as const, body, timeoutMs: 10_000, outputCapBytes: 1024 });
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe.runIf(process.platform === 'linux')('the agent keeps script results made offline', () => {
  it('sends at once when connected, and keeps nothing', async () => {
    const sent: AgentMessage[] = [];
    const dir = resultsDir();
    const m = new ScriptManager({ send: (x) => (sent.push(x), true), shellUser: () => null, logger, dir });
    m.handlers['script.run'](run(id(1), 'echo hi'));
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toMatchObject({ type: 'script.done', runId: id(1), end: 'exited', exitCode: 0, output: 'hi\n' });
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it('keeps results on disk while offline and sends them, in order, after a restart', async () => {
    const dir = resultsDir();
    const offline = new ScriptManager({ send: () => false, shellUser: () => null, logger, dir });
    offline.handlers['script.run'](run(id(1), 'echo one'));
    await expect.poll(() => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0)).toBe(1);
    offline.handlers['script.run'](run(id(2), 'exit 7'));
    await expect.poll(() => fs.readdirSync(dir).length).toBe(2);
    // A file that is not a result (damaged, or put there by hand) is dropped, not sent.
    fs.writeFileSync(path.join(dir, `${id(3)}.json`), '{"type":"script.done"');
    fs.writeFileSync(path.join(dir, `${id(4)}.json`), JSON.stringify({ type: 'script.done', runId: id(5), end: 'exited', exitCode: 0, signal: null, output: '', droppedBytes: 0, durationMs: 1 }));

    const sent: AgentMessage[] = [];
    const back = new ScriptManager({ send: (x) => (sent.push(x), true), shellUser: () => null, logger, dir });
    back.flush();
    expect(sent.map((x) => x.type === 'script.done' && [x.runId, x.exitCode])).toEqual([
      [id(1), 0],
      [id(2), 7],
    ]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
