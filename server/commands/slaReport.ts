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

/** Tickets by a key, keys in order (a period holds many tickets: each goes in once, nothing is copied). */
function groupBy(tickets: Ticket[], key: (t: Ticket) => string): [string, Ticket[]][] {
  const out = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b));
}

function satisfaction(tickets: Ticket[], ratings: Map<number, TicketRating>): { ratings: number; average: number | null } {
  const scores = tickets.flatMap((t) => {
    const r = ratings.get(t.id);
    return r ? [r.score] : [];
  });
  return { ratings: scores.length, average: scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 };
}

/** The nearest-rank percentile of sorted values; null for none. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function times(tickets: Ticket[], reached: (t: Ticket) => string | null) {
  const seconds: number[] = [];
  for (const t of tickets) {
    const at = reached(t);
    if (at) seconds.push(Math.round((Date.parse(at) - Date.parse(t.createdAt)) / 1000));
  }
  seconds.sort((x, y) => x - y);
  return { count: seconds.length, p50: percentile(seconds, 50), p90: percentile(seconds, 90) };
}

/** The Monday (UTC) of the week an instant falls in, as a date. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

/** SLA compliance and satisfaction of the tickets created in [from, to), by priority, technician and channel. */
export async function slaReport(store: Store, from: string, to: string): Promise<z.infer<typeof SlaReport>> {
  const now = Date.now();
  const tickets = await store.tickets.createdBetween(new Date(from).toISOString(), new Date(to).toISOString());
  const ratings = await store.ratings.forTickets(tickets.map((t) => t.id));
  const byTech = groupBy(tickets, (t) => t.assigneeName ?? '(unassigned)');
  return {
    from,
    to,
    total: tally(tickets, now),
    byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, tally(tickets.filter((t) => t.priority === p), now)])),
    byTechnician: byTech.map(([technician, list]) => ({ technician, ...tally(list, now) })),
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, tally(tickets.filter((t) => t.channel === c), now)])),
    byWeek: groupBy(tickets, (t) => weekOf(t.createdAt)).map(([week, list]) => ({ week, ...tally(list, now) })),
    times: { firstResponse: times(tickets, (t) => t.firstResponseAt), resolution: times(tickets, (t) => t.resolvedAt) },
    breaches: tickets
      .filter((t) => slaState(t.sla, now) === 'breached')
      .slice(0, 500)
      .map((t) => ({ id: t.id, summary: t.summary, priority: t.priority, assignee: t.assigneeName, status: t.status })),
    satisfaction: {
      total: satisfaction(tickets, ratings),
      byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, satisfaction(tickets.filter((t) => t.priority === p), ratings)])),
      byTechnician: byTech.map(([technician, list]) => ({ technician, ...satisfaction(list, ratings) })),
    },
  };
}
