import { formatBytes } from '../../../../shared/transferProgress.js';

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
  return n === null || n === undefined ? '—' : formatBytes(n);
}
