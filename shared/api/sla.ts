import { z } from 'zod';
import { PeriodEdge } from './period.js';
import { PRIORITIES, Priority, SlaState } from './tickets.js';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const minutes = z.number().int().min(1).max(365 * 24 * 60);
export const SlaTargets = z
  .object({ responseMinutes: minutes, resolveMinutes: minutes })
  .refine((t) => t.responseMinutes <= t.resolveMinutes, 'responseMinutes must not exceed resolveMinutes');

const Interval = z
  .tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)])
  .refine(([a, b]) => a < b, 'an interval is [startMinute, endMinute] with start < end');

export const BusinessCalendarSpec = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'not a known IANA time zone'),
    weekly: z.array(z.array(Interval).max(8)).length(7).describe('index 0 = Sunday; minutes after local midnight'),
    holidays: z.array(z.iso.date()).max(1000).default([]),
    /** Holidays on the same day every year (MM-DD), e.g. "12-25". */
    yearlyHolidays: z
      .array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD, e.g. 12-25'))
      .max(366)
      .default([]),
  })
  .refine((c) => c.weekly.some((day) => day.length > 0), 'weekly: at least one day needs opening hours');

export const SlaPolicy = z.object({
  targets: z.object(Object.fromEntries(PRIORITIES.map((p) => [p, SlaTargets])) as Record<Priority, typeof SlaTargets>),
  /** null: the clock runs 24×7. */
  calendar: BusinessCalendarSpec.nullable(),
  /** Priorities whose clock runs 24×7 whatever the calendar (e.g. critical outages). */
  allHours: z.array(Priority).max(PRIORITIES.length).default([]),
});

/** The policy in effect for new tickets, and its version (null: the built-in default, never saved). */
export const SlaPolicyView = SlaPolicy.extend({ version: z.number().int().nullable() });

/** PUT /api/v1/sla-policy?recompute=open moves the open tickets to the new policy too. */
export const SlaPolicySaveQuery = z.object({
  recompute: z.enum(['none', 'open']).default('none').describe('none: the policy applies to tickets opened from now on; open: also to every ticket not closed'),
});

export const SlaPolicySaved = SlaPolicyView.extend({ recomputed: z.number().int().describe('open tickets moved to this policy') });
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const SlaReportQuery = z.object({
  from: PeriodEdge('from').describe('start of the period (tickets created at or after); a plain date is its first moment, UTC'),
  to: PeriodEdge('to').describe('end of the period (tickets created before); a plain date includes that whole day, UTC'),
});

const Compliance = z.object({ met: z.number().int(), breached: z.number().int(), open: z.number().int(), compliancePct: z.number().nullable() });
const Percentiles = z.object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable() });
const Satisfaction = z.object({ ratings: z.number().int(), average: z.number().nullable() });
export const SlaReport = z.object({
  from: z.string(),
  to: z.string(),
  total: Compliance,
  byPriority: z.record(z.string(), Compliance),
  byTechnician: z.array(Compliance.extend({ technician: z.string() })),
  /** How requests reached the desk: agent, web, email, phone, walk-in. */
  byChannel: z.record(z.string(), Compliance),
  /** Week by week (weeks start on Monday, UTC), oldest first. */
  byWeek: z.array(Compliance.extend({ week: z.string().describe('the Monday the week starts on') })),
  /** Wall-clock seconds from opening, over the tickets that got there: median and 90th percentile. */
  times: z.object({ firstResponse: Percentiles, resolution: Percentiles }),
  /** Tickets that missed a target, oldest first (at most 500). */
  breaches: z.array(z.object({ id: z.number().int(), summary: z.string(), priority: z.string(), assignee: z.string().nullable(), status: z.string() })),
  /** Requesters' ratings (1–5) of these tickets: how many, and their mean to one decimal. */
  satisfaction: z.object({
    total: Satisfaction,
    byPriority: z.record(z.string(), Satisfaction),
    byTechnician: z.array(Satisfaction.extend({ technician: z.string() })),
  }),
});

/** What saving a policy would do to the open tickets (POST /api/v1/sla-policy/preview). */
export const SlaPolicyPreview = z.object({
  tickets: z.number().int(),
  changed: z.number().int().describe('tickets whose SLA state would change now'),
  becomeBreached: z.number().int(),
  examples: z.array(z.object({ id: z.number().int(), summary: z.string(), from: SlaState, to: SlaState })),
});
