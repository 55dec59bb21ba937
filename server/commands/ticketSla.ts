import { Priority, TicketStatus } from '../../shared/api/tickets.js';
import { computeSla, type ClockEvent } from '../sla/clock.js';
import { clockSettings, loadSlaPolicy } from '../sla/policy.js';
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

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** Recomputes and stores a ticket's SLA snapshot from its whole timeline. */
export async function refreshSla(
  repos: Pick<Repos, 'tickets' | 'settings'>,
  ticketId: number,
  clock?: ReturnType<typeof clockSettings>,
): Promise<StoredSla> {
  const sla = await computeStoredSla(repos, ticketId, clock);
  await repos.tickets.update(ticketId, { sla });
  return sla;
}

/** A ticket's SLA snapshot from its whole timeline under a policy's clock, without storing it. */
export async function computeStoredSla(
  repos: Pick<Repos, 'tickets' | 'settings'>,
  ticketId: number,
  clock?: ReturnType<typeof clockSettings>,
): Promise<StoredSla> {
  const { targets, calendar } = clock ?? clockSettings(await loadSlaPolicy(repos));
  const s = computeSla(clockEvents(await repos.tickets.events(ticketId)), targets, calendar);
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
