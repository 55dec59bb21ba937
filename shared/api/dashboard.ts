import { z } from 'zod';

export const DashboardQuery = z.object({
  days: z.coerce.number().int().min(7).max(90).default(30).describe('how many days the per-day chart covers'),
  weeks: z.coerce.number().int().min(2).max(26).default(8).describe('how many weeks the compliance chart covers'),
});

const Count = z.number().int();

/** What the dashboard's charts draw; every bucket says how to list what it counts. */
export const Dashboard = z.object({
  /** Tickets opened and resolved per UTC day, oldest first, days without any included. */
  perDay: z.array(z.object({ day: z.string(), opened: Count, resolved: Count })),
  /** SLA compliance of the tickets opened each week (weeks start on Monday, UTC). */
  complianceByWeek: z.array(z.object({ week: z.string(), compliancePct: z.number().nullable(), met: Count, breached: Count })),
  /** Tickets not resolved, by how long ago they were opened; `from`/`to` bound their creation. */
  backlogByAge: z.array(z.object({ bucket: z.string(), count: Count, from: z.string().nullable(), to: z.string().nullable() })),
  fleetByOs: z.array(z.object({ os: z.string().nullable(), count: Count })),
  fleetByAgentVersion: z.array(z.object({ version: z.string().nullable(), count: Count })),
  /** Findings in the diagnostics of tickets opened in the period, most frequent first. */
  findings: z.array(z.object({ code: z.string(), tickets: Count })),
});
export type Dashboard = z.infer<typeof Dashboard>;
