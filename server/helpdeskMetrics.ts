import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PRIORITIES, SLA_STATES } from '../shared/api/tickets.js';
import type { Logger } from './logger.js';
import type { LiveFeed } from './live/feed.js';
import type { NewNotice, Store, Ticket } from './storage/types.js';

/** From a minute to a week: help desk times, not request times. */
const TIME_BUCKETS = [60, 300, 900, 1800, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 3 * 86400, 7 * 86400];

/**
 * The help desk on /metrics. Open tickets by priority and SLA state are counted from the store at
 * each scrape: in a cluster every node reports the same whole-desk numbers (take max(), not
 * sum()). Breaches and the times to first response and to resolution are counted by the node
 * where each happened, so they add up across nodes.
 */
export function helpdeskMetrics(registry: Registry, store: Store, feed: Pick<LiveFeed, 'onLocal'>, logger: Logger): void {
  new Gauge({
    name: 'deskside_tickets_open',
    help: 'Tickets not resolved or closed, by priority and SLA state (the whole desk: the same on every node)',
    labelNames: ['priority', 'sla_state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      // Every combination is reported, zeros too, so a state that empties shows 0 rather than vanishing.
      for (const priority of PRIORITIES) for (const sla_state of SLA_STATES) this.set({ priority, sla_state }, 0);
      try {
        for (const c of await store.tickets.openCounts(new Date().toISOString())) this.set({ priority: c.priority, sla_state: c.slaState }, c.count);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'could not count open tickets for /metrics');
      }
    },
  });
  const breaches = new Counter({
    name: 'deskside_sla_breaches_total',
    help: 'SLA targets missed (first response or resolution), counted once by the node that noticed',
    labelNames: ['clock'] as const,
    registers: [registry],
  });
  for (const clock of ['response', 'resolution']) breaches.inc({ clock }, 0);
  const firstResponse = new Histogram({
    name: 'deskside_ticket_first_response_seconds',
    help: 'Wall-clock time from a ticket being opened to its first public reply by a technician',
    labelNames: ['priority'] as const,
    buckets: TIME_BUCKETS,
    registers: [registry],
  });
  const resolution = new Histogram({
    name: 'deskside_ticket_resolution_seconds',
    help: 'Wall-clock time from a ticket being opened to its being resolved',
    labelNames: ['priority'] as const,
    buckets: TIME_BUCKETS,
    registers: [registry],
  });

  // Each committed change on this node, with its ticket as the live feed read it (no second read).
  feed.onLocal((n: NewNotice, t: Ticket) => {
    if (n.kind === 'sla_breach') return breaches.inc({ clock: n.data.clock === 'resolution' ? 'resolution' : 'response' });
    const since = (at: string) => (Date.parse(at) - Date.parse(t.createdAt)) / 1000;
    // This change is the first response, or the resolution, when the ticket says so with its time.
    if (n.kind === 'comment' && t.firstResponseAt === n.createdAt) firstResponse.observe({ priority: t.priority }, since(n.createdAt));
    if (n.kind === 'status' && n.data.to === 'resolved' && t.resolvedAt === n.createdAt) resolution.observe({ priority: t.priority }, since(n.createdAt));
  });
}
