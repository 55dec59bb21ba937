import { SlaPolicy } from '../../shared/api/sla.js';
import { PRIORITIES } from '../../shared/api/tickets.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Priority } from '../../shared/api/tickets.js';
import type { Repos } from '../storage/types.js';
import { businessHours } from './businessHours.js';
import { ALWAYS_OPEN, type BusinessCalendar } from './calendar.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy as Targets } from './clock.js';

export const DEFAULT_POLICY: SlaPolicy = { targets: DEFAULT_SLA_POLICY, calendar: null, allHours: [] };

/** A policy and the version tickets name it by; null for the built-in default. */
export interface VersionedPolicy {
  version: number | null;
  policy: SlaPolicy;
}

type PolicyRepos = Pick<Repos, 'slaPolicies'>;

// A saved version that no longer validates (a schema grown stricter) measures by the default
// rather than stopping every ticket change.
const parsed = (stored: unknown): SlaPolicy => {
  const p = SlaPolicy.safeParse(stored);
  return p.success ? p.data : DEFAULT_POLICY;
};

/** The policy new tickets are measured against: the latest saved version, or the default. */
export async function currentSlaPolicy(repos: PolicyRepos): Promise<VersionedPolicy> {
  const latest = await repos.slaPolicies.latest();
  return latest ? { version: latest.version, policy: parsed(latest.policy) } : { version: null, policy: DEFAULT_POLICY };
}

export async function slaPolicyVersion(repos: PolicyRepos, version: number | null): Promise<SlaPolicy> {
  if (version === null) return DEFAULT_POLICY;
  const v = await repos.slaPolicies.get(version);
  return v ? parsed(v.policy) : DEFAULT_POLICY;
}

export interface ClockSettings {
  targets: Targets;
  /** The calendar a ticket of this priority is measured in. */
  calendarFor(priority: Priority): BusinessCalendar;
}

/** What the clock runs on: targets per priority and the calendar each priority is measured in. */
export function clockSettings(policy: SlaPolicy): ClockSettings {
  const business = policy.calendar ? businessHours(policy.calendar) : ALWAYS_OPEN;
  const allHours = new Set(policy.allHours);
  return { targets: policy.targets, calendarFor: (p) => (allHours.has(p) ? ALWAYS_OPEN : business) };
}

/**
 * Refuses a policy whose targets its calendar cannot reach: the calendar is walked at most three
 * years ahead, and a due date beyond that would be none at all.
 */
export function assertReachable(policy: SlaPolicy, nowMs = Date.now()): void {
  const clock = clockSettings(policy);
  for (const p of PRIORITIES) {
    const { resolveMinutes } = policy.targets[p];
    if (!Number.isFinite(clock.calendarFor(p).addBusinessMs(nowMs, resolveMinutes * 60_000))) {
      throw new AppError(ErrorCode.invalidInput, `body.targets.${p}.resolveMinutes: ${resolveMinutes} minutes of business time need more than three years of this calendar's opening hours`);
    }
  }
}
