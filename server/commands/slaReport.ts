import type { z } from 'zod';
import type { SlaReport } from '../../shared/api/sla.js';
import { CHANNELS, PRIORITIES } from '../../shared/api/tickets.js';
import { slaState } from '../presenters/tickets.js';
import type { Store, Ticket, TicketRating } from '../storage/types.js';

type Compliance = { met: number; breached: number; open: number; compliancePct: number | null };

function tally(tickets: Ticket[], now: number): Compliance {
  const c = { met: 0, breached: 0, open: 0 };
  for (const t of tickets) {
    const state = slaState(t.sla, now);
    if (state === 'met') c.met += 1;
    else if (state === 'breached') c.breached += 1;
    else c.open += 1;
  }
  const decided = c.met + c.breached;
  // Tickets whose clock still runs are neither met nor breached yet; they do not count in the share.
  return { ...c, compliancePct: decided === 0 ? null : Math.round((c.met / decided) * 1000) / 10 };
}

function satisfaction(tickets: Ticket[], ratings: Map<number, TicketRating>): { ratings: number; average: number | null } {
  const scores = tickets.flatMap((t) => {
    const r = ratings.get(t.id);
    return r ? [r.score] : [];
  });
  return { ratings: scores.length, average: scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 };
}

/** SLA compliance and satisfaction of the tickets created in [from, to), by priority, technician and channel. */
export async function slaReport(store: Store, from: string, to: string): Promise<z.infer<typeof SlaReport>> {
  const now = Date.now();
  const tickets = await store.tickets.createdBetween(new Date(from).toISOString(), new Date(to).toISOString());
  const ratings = await store.ratings.forTickets(tickets.map((t) => t.id));
  const byTech = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const name = t.assigneeName ?? '(unassigned)';
    byTech.set(name, [...(byTech.get(name) ?? []), t]);
  }
  return {
    from,
    to,
    total: tally(tickets, now),
    byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, tally(tickets.filter((t) => t.priority === p), now)])),
    byTechnician: [...byTech.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([technician, list]) => ({ technician, ...tally(list, now) })),
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, tally(tickets.filter((t) => t.channel === c), now)])),
    satisfaction: {
      total: satisfaction(tickets, ratings),
      byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, satisfaction(tickets.filter((t) => t.priority === p), ratings)])),
      byTechnician: [...byTech.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([technician, list]) => ({ technician, ...satisfaction(list, ratings) })),
    },
  };
}
