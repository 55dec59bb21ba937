import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { darwinAvailableBytes, pendingSince, readHealth } from './health.js';

describe('health report', () => {
  it('counts a pending restart from when it was first seen, across agent restarts, until the PC restarts', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    expect(pendingSince(home, true, new Date('2026-12-01T08:00:00Z'))).toBe('2026-12-01T08:00:00.000Z');
    expect(pendingSince(home, true, new Date('2026-12-03T08:00:00Z'))).toBe('2026-12-01T08:00:00.000Z');
    expect(pendingSince(home, false, new Date('2026-12-04T08:00:00Z'))).toBeNull();
    expect(pendingSince(home, true, new Date('2026-12-05T08:00:00Z'))).toBe('2026-12-05T08:00:00.000Z');
    // A corrupt or future "since" (the clock was put back) starts the count again.
    fs.writeFileSync(path.join(home, 'reboot-pending.json'), '{"since":"2030-01-01T00:00:00Z"}');
    expect(pendingSince(home, true, new Date('2026-12-06T08:00:00Z'))).toBe('2026-12-06T08:00:00.000Z');
    fs.writeFileSync(path.join(home, 'reboot-pending.json'), 'garbage');
    expect(pendingSince(home, true, new Date('2026-12-07T08:00:00Z'))).toBe('2026-12-07T08:00:00.000Z');
  });

  it('reads memory in use as a share of all memory', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    const h = await readHealth(home);
    expect(h.type).toBe('health');
    expect(h.memoryUsedPct).toBeGreaterThan(0);
    expect(h.memoryUsedPct).toBeLessThanOrEqual(100);
  });

  it('agrees with /proc/meminfo on Linux, without systeminformation', async () => {
    if (process.platform !== 'linux') return;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(meminfo)![1]);
    const expected = (1 - kb('MemAvailable') / kb('MemTotal')) * 100;
    expect(Math.abs((await readHealth(home)).memoryUsedPct - expected)).toBeLessThan(5);
  });

  it("reads macOS's vm_stat as Activity Monitor does", () => {
    const vmStat = [
      'Mach Virtual Memory Statistics: (page size of 16384 bytes)',
      'Pages free:                               12000.',
      'Pages active:                            200000.',
      'Pages inactive:                          190000.',
      'Pages speculative:                         5000.',
      'Pages wired down:                         80000.',
      'Pages occupied by compressor:             20000.',
    ].join('\n');
    const total = 16 * 2 ** 30;
    expect(darwinAvailableBytes(vmStat, total)).toBe(total - 300_000 * 16384);
    expect(darwinAvailableBytes('nothing useful', total)).toBeNull();
  });
});
