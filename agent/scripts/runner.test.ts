import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runScript } from './runner.js';

const scriptDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('deskside-script-'));
/** Running, not a zombie waiting to be reaped (a container's init may be slow at that). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('the agent runs a script', () => {
  it('with its shell, giving its output and exit code, and leaves no file behind', async () => {
    const before = scriptDirs().length;
    const r = await runScript({ shell: 'bash', body: 'echo "out $((6*7))"; echo err >&2; exit 3', timeoutMs: 10_000, outputCapBytes: 1024 }).result;
    expect(r).toMatchObject({ end: 'exited', exitCode: 3, droppedBytes: 0 });
    expect(r.output.toString()).toContain('out 42');
    expect(r.output.toString()).toContain('err');
    expect(scriptDirs().length).toBe(before);
    expect((await runScript({ shell: 'sh', body: 'printf "%s" "$0" | grep -q script.sh && echo ok', timeoutMs: 10_000, outputCapBytes: 100 }).result).output.toString()).toBe('ok\n');
  });

  it('kills the whole tree when it outlives its timeout', async () => {
    const pidFile = `${os.tmpdir()}/deskside-test-child-${process.pid}`;
    const r = await runScript({ shell: 'bash', body: `sleep 300 & echo $! > ${pidFile}; wait`, timeoutMs: 500, outputCapBytes: 100 }).result;
    expect(r.end).toBe('timeout');
    expect(r.durationMs).toBeLessThan(10_000);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    fs.rmSync(pidFile);
    await expect.poll(() => alive(grandchild), { timeout: 5_000 }).toBe(false);
  });

  it('keeps the first bytes of 100 MB of output and counts the rest, never stalling', async () => {
    const r = await runScript({ shell: 'bash', body: 'head -c 100000000 /dev/zero | tr "\\0" x; echo done >&2', timeoutMs: 60_000, outputCapBytes: 64 * 1024 }).result;
    expect(r.end).toBe('exited');
    expect(r.exitCode).toBe(0);
    expect(r.output.length).toBe(64 * 1024);
    expect(r.output.length + r.droppedBytes).toBe(100_000_000 + 'done\n'.length);
  });

  it('stops on cancel, and says when the shell is not there', async () => {
    const run = runScript({ shell: 'bash', body: 'echo started; sleep 300', timeoutMs: 60_000, outputCapBytes: 100 });
    setTimeout(() => run.cancel(), 300);
    expect(await run.result).toMatchObject({ end: 'cancelled' });
    let pwsh = true;
    try {
      execFileSync('pwsh', ['-v'], { stdio: 'ignore' });
    } catch {
      pwsh = false;
    }
    if (!pwsh) expect(await runScript({ shell: 'powershell', body: 'Write-Output 1', timeoutMs: 5_000, outputCapBytes: 100 }).result).toMatchObject({ end: 'unavailable', error: expect.stringContaining('ENOENT') });
  });
});
