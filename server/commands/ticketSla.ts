import { Priority, TicketStatus } from '../../shared/api/tickets.js';
import { ALWAYS_OPEN, type BusinessCalendar } from '../sla/calendar.js';
import { computeSla, DEFAULT_SLA_POLICY, type ClockEvent, type SlaPolicy } from '../sla/clock.js';
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
  repos: Pick<Repos, 'tickets'>,
  ticketId: number,
  at: string,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
  calendar: BusinessCalendar = ALWAYS_OPEN,
): Promise<StoredSla> {
  const s = computeSla(clockEvents(await repos.tickets.events(ticketId)), policy, calendar);
  const sla: StoredSla = {
    responseDueAt: iso(s.responseDueAt),
    resolveDueAt: iso(s.resolveDueAt),
    responseRiskAt: iso(s.responseRiskAt),
    resolveRiskAt: iso(s.resolveRiskAt),
    paused: s.paused,
    breached: s.breached,
    met: s.met,
  };
  await repos.tickets.update(ticketId, { updatedAt: at, sla });
  return sla;
}
