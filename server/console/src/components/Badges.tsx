const SLA_TEXT: Record<string, string> = { ok: 'On track', at_risk: 'At risk', breached: 'Breached', paused: 'Paused', met: 'Met' };

/** SLA state at a glance: a colour and a word (never colour alone). */
export function SlaBadge({ state }: { state: string }) {
  return <span className={`badge sla-${state}`}>{SLA_TEXT[state] ?? state}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge prio-${priority}`}>{priority}</span>;
}

export function OnlineBadge({ online }: { online: boolean }) {
  return <span className={`badge ${online ? 'online' : 'offline'}`}>{online ? 'Online' : 'Offline'}</span>;
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)} ${units[i]}`;
}
