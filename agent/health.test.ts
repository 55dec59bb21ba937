import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingSince, readHealth } from './health.js';

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
});
