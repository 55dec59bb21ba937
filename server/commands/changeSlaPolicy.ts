import type { SlaPolicy } from '../../shared/api/sla.js';
import { clockSettings, saveSlaPolicy } from '../sla/policy.js';
import type { Store } from '../storage/types.js';
import { audit } from './audit.js';
import { computeStoredSla, refreshSla } from './ticketSla.js';
import { slaState } from '../presenters/tickets.js';
import type { SlaState } from '../../shared/api/tickets.js';

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

/** At most this many example tickets in a preview. */
const PREVIEW_EXAMPLES = 20;

/**
 * What saving a policy would do to the open tickets, without saving it: how many would change SLA
 * state now, how many would become breached, and some of them by name.
 */
export async function previewSlaPolicy(store: Store, policy: SlaPolicy) {
  const now = Date.now();
  const clock = clockSettings(policy);
  const changes: { id: number; summary: string; from: SlaState; to: SlaState }[] = [];
  const ids = await store.tickets.activeIds();
  for (const id of ids) {
    const ticket = await store.tickets.findById(id);
    if (!ticket) continue;
    const from = slaState(ticket.sla, now);
    const to = slaState(await computeStoredSla(store, id, clock), now);
    if (from !== to) changes.push({ id, summary: ticket.summary, from, to });
  }
  return {
    tickets: ids.length,
    changed: changes.length,
    becomeBreached: changes.filter((c) => c.to === 'breached').length,
    examples: changes.slice(0, PREVIEW_EXAMPLES),
  };
}
