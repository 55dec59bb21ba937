import type { Priority, TicketStatus } from '../../shared/api/tickets.js';
import type { BusinessCalendar } from './calendar.js';

export interface SlaTargets {
  responseMinutes: number;
  resolveMinutes: number;
}
export type SlaPolicy = Record<Priority, SlaTargets>;

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  critical: { responseMinutes: 15, resolveMinutes: 4 * 60 },
  high: { responseMinutes: 60, resolveMinutes: 8 * 60 },
  normal: { responseMinutes: 4 * 60, resolveMinutes: 3 * 24 * 60 },
  low: { responseMinutes: 24 * 60, resolveMinutes: 7 * 24 * 60 },
};

/** What the clock needs from a ticket's timeline. */
export type ClockEvent =
  | { at: number; type: 'created'; priority: Priority }
  | { at: number; type: 'priority'; priority: Priority }
  | { at: number; type: 'status'; status: TicketStatus }
  | { at: number; type: 'first_response' };

/** Share of a target after which a ticket counts as at risk. */
export const AT_RISK_SHARE = 0.8;

export interface SlaSnapshot {
  responseDueAt: number | null;
  resolveDueAt: number | null;
  /** When the running clocks reach 80% of their targets; null when not running. */
  responseRiskAt: number | null;
  resolveRiskAt: number | null;
  paused: boolean;
  /** A target already missed (response or resolution), whatever happens next. */
  breached: boolean;
  /** The resolution clock stopped (resolved or closed) within its target. */
  met: boolean;
}

const STOPPED: readonly TicketStatus[] = ['resolved', 'closed'];

/**
 * The SLA clock, computed from the ticket's events rather than kept as a counter: it runs in
 * business time, pauses while the ticket waits on the requester, stops when it is resolved, and
 * measures time already used against the current priority's target (a priority change applies
 * the new target to the whole history).
 */
export function computeSla(events: readonly ClockEvent[], policy: SlaPolicy, calendar: BusinessCalendar): SlaSnapshot {
  let priority: Priority = 'normal';
  let status: TicketStatus = 'new';
  let responded = false;
  let responseUsed = 0;
  let resolveUsed = 0;
  let responseUsedAtAnswer = 0;
  let last: number | null = null;

  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (last !== null && status !== 'waiting' && !STOPPED.includes(status)) {
      const used = calendar.businessMsBetween(last, e.at);
      resolveUsed += used;
      if (!responded) responseUsed += used;
    }
    last = e.at;
    if (e.type === 'created' || e.type === 'priority') priority = e.priority;
    else if (e.type === 'status') status = e.status;
    else if (e.type === 'first_response' && !responded) {
      responded = true;
      responseUsedAtAnswer = responseUsed;
    }
  }

  const target = policy[priority];
  const responseMs = target.responseMinutes * 60_000;
  const resolveMs = target.resolveMinutes * 60_000;
  const responseBreached = responded ? responseUsedAtAnswer > responseMs : responseUsed > responseMs;
  const stopped = STOPPED.includes(status);
  const paused = status === 'waiting';
  const running = !stopped && !paused && last !== null;
  const due = (used: number, total: number) => calendar.addBusinessMs(last!, total - used);
  return {
    responseDueAt: running && !responded ? due(responseUsed, responseMs) : null,
    resolveDueAt: running ? due(resolveUsed, resolveMs) : null,
    responseRiskAt: running && !responded ? due(responseUsed, responseMs * AT_RISK_SHARE) : null,
    resolveRiskAt: running ? due(resolveUsed, resolveMs * AT_RISK_SHARE) : null,
    paused,
    breached: responseBreached || resolveUsed > resolveMs,
    met: stopped && resolveUsed <= resolveMs && !responseBreached,
  };
}

/** The state shown on a ticket at `now`, from a stored snapshot. */
export function slaStateAt(s: SlaSnapshot, now: number): 'ok' | 'at_risk' | 'breached' | 'paused' | 'met' {
  if (s.breached) return 'breached';
  if (s.met) return 'met';
  if (s.paused) return 'paused';
  const dues = [s.responseDueAt, s.resolveDueAt].filter((t): t is number => t !== null);
  const risks = [s.responseRiskAt, s.resolveRiskAt].filter((t): t is number => t !== null);
  if (dues.some((t) => now >= t)) return 'breached';
  if (risks.some((t) => now >= t)) return 'at_risk';
  return 'ok';
}
