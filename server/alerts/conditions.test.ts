import { describe, expect, it } from 'vitest';
import { holds, type Facts } from './conditions.js';

const now = Date.parse('2026-12-02T12:00:00Z');
const device = (o: Partial<Facts['device']> = {}): Facts['device'] => ({
  online: true,
  lastSeen: '2026-12-02T11:59:00Z',
  enrolledAt: '2026-11-01T00:00:00Z',
  hardware: { cpu: null, cores: 4, ramBytes: 8e9, diskTotalBytes: 5e11, diskFreeBytes: 1e11, lowDisk: false, fullestDisk: { mount: '/', usedPct: 93.4 } },
  findings: [],
  health: null,
  ...o,
});

describe('alert conditions', () => {
  it('judges disk use on the fullest volume', () => {
    expect(holds({ kind: 'disk', minPct: 90 }, { device: device(), now })).toBe('/ is 93% full');
    expect(holds({ kind: 'disk', minPct: 95 }, { device: device(), now })).toBeNull();
    // A summary stored before volumes were kept says nothing either way.
    expect(holds({ kind: 'disk', minPct: 1 }, { device: device({ hardware: null }), now })).toBeNull();
  });

  it('counts offline time from the last sighting, or from enrolment for a PC never seen', () => {
    expect(holds({ kind: 'offline', minutes: 60 }, { device: device({ online: false, lastSeen: '2026-12-02T10:00:00Z' }), now })).toBe('offline for 2 hours (last seen 2026-12-02T10:00:00Z)');
    expect(holds({ kind: 'offline', minutes: 180 }, { device: device({ online: false, lastSeen: '2026-12-02T10:00:00Z' }), now })).toBeNull();
    expect(holds({ kind: 'offline', minutes: 1 }, { device: device({ online: true, lastSeen: '2026-01-01T00:00:00Z' }), now })).toBeNull();
    expect(holds({ kind: 'offline', minutes: 60 * 24 }, { device: device({ online: false, lastSeen: null }), now })).toMatch(/^offline for 31 days/);
  });

  it('reads findings of the latest diagnostics and installed software', () => {
    expect(holds({ kind: 'finding', code: 'reboot_pending' }, { device: device({ findings: ['reboot_pending'] }), now })).toBe("Restart pending (from the PC's latest diagnostics)");
    expect(holds({ kind: 'finding', code: 'memory_high' }, { device: device({ findings: ['reboot_pending'] }), now })).toBeNull();
    expect(holds({ kind: 'software_absent', name: 'clamav' }, { device: device(), now, hasSoftware: false })).toBe('no "clamav" installed');
    expect(holds({ kind: 'software_absent', name: 'clamav' }, { device: device(), now, hasSoftware: true })).toBeNull();
    expect(holds({ kind: 'software_present', name: 'teamviewer' }, { device: device(), now, hasSoftware: true })).toBe('"teamviewer" is installed');
  });

  it('reads memory in use and how long a restart has been pending from the agent\'s health report', () => {
    const health = (memoryUsedPct: number, rebootPendingSince: string | null) => device({ health: { memoryUsedPct, rebootPendingSince, at: '2026-12-02T11:58:00Z' } });
    expect(holds({ kind: 'memory', minPct: 90 }, { device: health(94.6, null), now })).toBe('95% of memory in use');
    expect(holds({ kind: 'memory', minPct: 95 }, { device: health(94.6, null), now })).toBeNull();
    // An agent that sends no report (an older one) says nothing either way.
    expect(holds({ kind: 'memory', minPct: 1 }, { device: device(), now })).toBeNull();
    expect(holds({ kind: 'reboot_pending', days: 7 }, { device: health(10, '2026-11-22T12:00:00Z'), now })).toBe('a restart has been pending for 10 days (since 2026-11-22T12:00:00Z)');
    expect(holds({ kind: 'reboot_pending', days: 14 }, { device: health(10, '2026-11-22T12:00:00Z'), now })).toBeNull();
    expect(holds({ kind: 'reboot_pending', days: 0 }, { device: health(10, null), now })).toBeNull();
  });
});
