import { SlaPolicy } from '../../shared/api/sla.js';
import type { Repos } from '../storage/types.js';
import { businessHours } from './businessHours.js';
import { ALWAYS_OPEN, type BusinessCalendar } from './calendar.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy as Targets } from './clock.js';

const KEY = 'sla.policy';

export const DEFAULT_POLICY: SlaPolicy = { targets: DEFAULT_SLA_POLICY, calendar: null };

/** The stored policy, or the default when none was saved (or the stored one no longer validates). */
export async function loadSlaPolicy(repos: Pick<Repos, 'settings'>): Promise<SlaPolicy> {
  const parsed = SlaPolicy.safeParse(await repos.settings.get(KEY));
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

export function saveSlaPolicy(repos: Pick<Repos, 'settings'>, policy: SlaPolicy, at: string): Promise<void> {
  return repos.settings.put(KEY, policy, at);
}

/** What the clock runs on: targets per priority and the calendar they are measured in. */
export function clockSettings(policy: SlaPolicy): { targets: Targets; calendar: BusinessCalendar } {
  return { targets: policy.targets, calendar: policy.calendar ? businessHours(policy.calendar) : ALWAYS_OPEN };
}
