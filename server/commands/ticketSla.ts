import { Priority, TicketStatus } from '../../shared/api/tickets.js';
import { computeSla, type ClockEvent } from '../sla/clock.js';
import { clockSettings, slaPolicyVersion, type ClockSettings } from '../sla/policy.js';
import type { Repos, StoredSla, TicketEventRecord } from '../storage/types.js';

/** The clock's view of a ticket's timeline: only the events that move it. */
export function clockEvents(events: readonly TicketEventRecord[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const e of events) {
    const at = Date.parse(e.at);
    if (e.type === 'created') out.push({ at, type: 'created', priority: Priority.parse(e.data.priority) });
    else if (e.type === 'priority') out.push({ at, type: 'priority', priority: Priority.parse(e.data.to) });
    else if (e.type === 'status') out.push({ at, type: 'status', status: TicketStatus.parse(e.data.to) });
    else if (e.type === 'first_response') out.push({ at, type: 'first_response' });
  }
  return out;
}

// A target the calendar cannot reach (refused when a policy is saved) leaves no due date rather than failing.
const iso = (t: number | null) => (t === null || !Number.isFinite(t) ? null : new Date(t).toISOString());

/** Recomputes and stores a ticket's SLA snapshot from its whole timeline, under the policy version it names. */
export async function refreshSla(repos: Pick<Repos, 'tickets' | 'slaPolicies'>, ticketId: number, clock?: ClockSettings): Promise<StoredSla> {
  const sla = await computeStoredSla(repos, ticketId, clock);
  await repos.tickets.update(ticketId, { sla });
  return sla;
}

/**
 * A ticket's SLA snapshot from its whole timeline, without storing it: under `clock` when given,
 * else under the policy version the ticket names. The whole timeline is measured in the
 * calendar of the ticket's current priority, as its targets are.
 */
export async function computeStoredSla(repos: Pick<Repos, 'tickets' | 'slaPolicies'>, ticketId: number, clock?: ClockSettings): Promise<StoredSla> {
  const { targets, calendarFor } = clock ?? clockSettings(await slaPolicyVersion(repos, await repos.slaPolicies.versionOf(ticketId)));
  const events = clockEvents(await repos.tickets.events(ticketId));
  const priority = [...events].sort((a, b) => a.at - b.at).reduce<Priority>((p, e) => (e.type === 'created' || e.type === 'priority' ? e.priority : p), 'normal');
  const s = computeSla(events, targets, calendarFor(priority));
  const sla: StoredSla = {
    responseDueAt: iso(s.responseDueAt),
    resolveDueAt: iso(s.resolveDueAt),
    responseRiskAt: iso(s.responseRiskAt),
    resolveRiskAt: iso(s.resolveRiskAt),
    paused: s.paused,
    breached: s.breached,
    met: s.met,
  };
  return sla;
}
