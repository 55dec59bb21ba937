import { describe, expect, it } from 'vitest';
import { sampleDiagnostics } from '../../test/fixtures/diagnostics.js';
import { deriveFindings } from './findings.js';

const GiB = 1024 ** 3;
const codes = (d = sampleDiagnostics()) => deriveFindings(d).map((f) => f.code);

describe('diagnostic findings', () => {
  it('finds nothing on a healthy PC', () => {
    expect(codes()).toEqual([]);
  });
  it('reports a filesystem at 90% and over, critical from 97%', () => {
    const d = sampleDiagnostics({
      filesystems: [
        { mount: '/', sizeBytes: 100 * GiB, usedBytes: 98 * GiB },
        { mount: '/home', sizeBytes: 100 * GiB, usedBytes: 91 * GiB },
        { mount: '/snap/core/1', sizeBytes: 1 * GiB, usedBytes: 1 * GiB },
      ],
    });
    const f = deriveFindings(d);
    expect(f.map((x) => [x.code, x.severity])).toEqual([['disk_full', 'critical'], ['disk_full', 'warning']]);
    expect(f[0]!.message).toBe('Disk / is 98% full (2.0 GB free).');
  });
  it('reports memory, load, clock skew, battery, pending reboot and software changes', () => {
    const d = sampleDiagnostics({
      memory: { totalBytes: 10 * GiB, usedBytes: 9.5 * GiB },
      cpu: { cores: 2, loadPct: 99, loadAvg1: 3.5 },
      server: { ...sampleDiagnostics().server, clockSkewMs: -5 * 60_000 },
      battery: { present: true, percent: 80, healthPct: 45 },
      pendingReboot: true,
      softwareChanges: { added: ['zoom 6.1'], removed: [] },
    });
    expect(codes(d)).toEqual(['memory_high', 'cpu_overloaded', 'clock_skew', 'battery_worn', 'reboot_pending', 'recent_software_change']);
  });
  it('tells a DNS failure from an unreachable server', () => {
    const base = sampleDiagnostics().server;
    expect(codes(sampleDiagnostics({ server: { ...base, dnsOk: false, dnsError: 'ENOTFOUND', httpOk: false } }))).toEqual(['dns_failure']);
    expect(codes(sampleDiagnostics({ server: { ...base, httpOk: false, httpError: 'ECONNREFUSED' } }))).toEqual(['server_unreachable']);
  });
});
