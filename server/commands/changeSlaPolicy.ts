import type { SlaPolicy } from '../../shared/api/sla.js';
import { clockSettings, saveSlaPolicy } from '../sla/policy.js';
import type { Store } from '../storage/types.js';
import { audit } from './audit.js';
import { refreshSla } from './ticketSla.js';

/**
 * Saves a new SLA policy and recomputes every ticket that is not closed, so the new targets
 * and calendar apply to the time each has already used.
 */
export async function changeSlaPolicy(store: Store, policy: SlaPolicy, actor: string): Promise<number> {
  const at = new Date().toISOString();
  const clock = clockSettings(policy);
  return store.transaction(async (repos) => {
    await saveSlaPolicy(repos, policy, at);
    const ids = await repos.tickets.activeIds();
    for (const id of ids) await refreshSla(repos, id, clock);
    await audit(repos, actor, 'sla_policy.update', null, { recomputedTickets: ids.length });
    return ids.length;
  });
}
