import type { z } from 'zod';
import type { SlaReport } from '../../shared/api/sla.js';
import { PRIORITIES } from '../../shared/api/tickets.js';
import { slaState } from '../presenters/tickets.js';
import type { Store, Ticket } from '../storage/types.js';

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

/** SLA compliance of the tickets created in [from, to), by priority and by assigned technician. */
export async function slaReport(store: Store, from: string, to: string): Promise<z.infer<typeof SlaReport>> {
  const now = Date.now();
  const tickets = await store.tickets.createdBetween(new Date(from).toISOString(), new Date(to).toISOString());
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
  };
}
