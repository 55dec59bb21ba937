/**
 * Every finding the diagnostics rules can make (findings.ts), with its name for people: the
 * inventory's finding filter offers these. Kept free of zod so that the console can import it.
 */
export const FINDING_NAMES = {
  disk_full: 'Disk full',
  memory_high: 'Memory high',
  cpu_overloaded: 'Processor overloaded',
  clock_skew: 'Clock off',
  dns_failure: 'Server name does not resolve',
  server_unreachable: 'Server unreachable',
  battery_worn: 'Battery worn',
  reboot_pending: 'Restart pending',
  recent_software_change: 'Software changed recently',
} as const;

export type FindingCode = keyof typeof FINDING_NAMES;
