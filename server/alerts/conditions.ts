import type { AlertCondition } from '../../shared/api/alerts.js';
import { FINDING_NAMES } from '../../shared/diagnostics/findingCodes.js';
import type { Device } from '../storage/types.js';

/** What a condition is judged on for one PC: its stored row, and the PCs that have a package. */
export interface Facts {
  device: Pick<Device, 'online' | 'lastSeen' | 'enrolledAt' | 'hardware' | 'findings' | 'health'>;
  now: number;
  /** Whether the PC has a package of the condition's name (software conditions only). */
  hasSoftware?: boolean;
}

const minutesAgo = (iso: string, now: number) => Math.floor((now - Date.parse(iso)) / 60_000);

/** What was found, in words, when the condition holds on the PC; null when it does not. */
export function holds(c: AlertCondition, f: Facts): string | null {
  switch (c.kind) {
    case 'disk': {
      const d = f.device.hardware?.fullestDisk;
      return d && d.usedPct >= c.minPct ? `${d.mount} is ${Math.round(d.usedPct)}% full` : null;
    }
    case 'memory': {
      const h = f.device.health;
      return h && h.memoryUsedPct >= c.minPct ? `${Math.round(h.memoryUsedPct)}% of memory in use` : null;
    }
    case 'reboot_pending': {
      const since = f.device.health?.rebootPendingSince;
      if (!since) return null;
      const pending = minutesAgo(since, f.now);
      return pending >= c.days * 1440 ? `a restart has been pending for ${describeMinutes(pending)} (since ${since})` : null;
    }
    case 'offline': {
      if (f.device.online) return null;
      // A PC never seen counts from its enrolment.
      const since = f.device.lastSeen ?? f.device.enrolledAt;
      const gone = minutesAgo(since, f.now);
      return gone >= c.minutes ? `offline for ${describeMinutes(gone)} (last seen ${since})` : null;
    }
    case 'finding':
      return f.device.findings.includes(c.code) ? `${FINDING_NAMES[c.code]} (from the PC's latest diagnostics)` : null;
    case 'software_present':
      return f.hasSoftware ? `"${c.name}" is installed` : null;
    case 'software_absent':
      return f.hasSoftware === false ? `no "${c.name}" installed` : null;
  }
}

export function describeMinutes(m: number): string {
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} hours`;
  return `${Math.floor(m / 1440)} days`;
}
