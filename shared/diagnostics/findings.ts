import { DISK_FULL_PCT, IGNORED_MOUNT } from '../hardware.js';
import type { DiagnosticsBundle, Finding } from './bundle.js';
import type { FindingCode } from './findingCodes.js';

const GiB = 1024 ** 3;
const pct = (used: number, total: number) => (total > 0 ? Math.round((used / total) * 100) : 0);

/**
 * Plain-language findings derived from a diagnostics bundle. One rule per concern; each
 * finding's code is what FAQ articles list to be suggested for it.
 */
// A rule names only codes listed in findingCodes.ts, so that every one can be filtered on.
const RULES: ((d: DiagnosticsBundle) => (Finding & { code: FindingCode })[])[] = [
  (d) =>
    d.filesystems
      .filter((f) => !IGNORED_MOUNT.test(f.mount) && f.sizeBytes > 0 && pct(f.usedBytes, f.sizeBytes) >= DISK_FULL_PCT)
      .map((f) => {
        const used = pct(f.usedBytes, f.sizeBytes);
        return {
          code: 'disk_full',
          severity: used >= 97 ? 'critical' : 'warning',
          message: `Disk ${f.mount} is ${used}% full (${((f.sizeBytes - f.usedBytes) / GiB).toFixed(1)} GB free).`,
        };
      }),
  (d) => {
    const used = pct(d.memory.usedBytes, d.memory.totalBytes);
    return used >= 90 ? [{ code: 'memory_high', severity: 'warning', message: `Memory is ${used}% used.` }] : [];
  },
  (d) =>
    d.cpu.loadAvg1 !== null && d.cpu.cores > 0 && d.cpu.loadAvg1 > d.cpu.cores
      ? [{ code: 'cpu_overloaded', severity: 'warning', message: `The processor is overloaded (load ${d.cpu.loadAvg1.toFixed(1)} on ${d.cpu.cores} cores).` }]
      : [],
  (d) =>
    d.server.clockSkewMs !== null && Math.abs(d.server.clockSkewMs) > 120_000
      ? [{ code: 'clock_skew', severity: 'warning', message: `The PC's clock is off by ${Math.round(Math.abs(d.server.clockSkewMs) / 60_000)} minutes.` }]
      : [],
  (d) =>
    d.server.dnsOk === false
      ? [{ code: 'dns_failure', severity: 'critical', message: `The server's name does not resolve (${d.server.dnsError ?? 'DNS error'}).` }]
      : [],
  (d) =>
    !d.server.httpOk && d.server.dnsOk !== false
      ? [{ code: 'server_unreachable', severity: 'critical', message: `The server cannot be reached (${d.server.httpError ?? 'no answer'}).` }]
      : [],
  (d) =>
    d.battery.present && d.battery.healthPct !== null && d.battery.healthPct < 60
      ? [{ code: 'battery_worn', severity: 'warning', message: `The battery holds only ${Math.round(d.battery.healthPct)}% of its design capacity.` }]
      : [],
  (d) => (d.pendingReboot ? [{ code: 'reboot_pending', severity: 'info', message: 'A restart is pending to finish installing updates.' }] : []),
  (d) => {
    const c = d.softwareChanges;
    if (!c || c.added.length + c.removed.length === 0) return [];
    const parts = [c.added.length ? `installed ${c.added.slice(0, 3).join(', ')}${c.added.length > 3 ? '…' : ''}` : '', c.removed.length ? `removed ${c.removed.slice(0, 3).join(', ')}${c.removed.length > 3 ? '…' : ''}` : ''].filter(Boolean);
    return [{ code: 'recent_software_change', severity: 'info', message: `Software changed recently: ${parts.join('; ')}.` }];
  },
];

export function deriveFindings(d: DiagnosticsBundle): Finding[] {
  return RULES.flatMap((rule) => rule(d));
}
