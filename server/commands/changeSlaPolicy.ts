import type { SlaPolicy } from '../../shared/api/sla.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import { assertReachable, clockSettings } from '../sla/policy.js';
import type { Store } from '../storage/types.js';
import { audit } from './audit.js';
import { computeStoredSla, refreshSla } from './ticketSla.js';
import { slaState } from '../presenters/tickets.js';
import type { SlaState } from '../../shared/api/tickets.js';

/**
 * Saves a new SLA policy version. Tickets opened from now on are measured against it; with
 * `recompute: 'open'` every ticket not closed moves to it too and is recomputed from its whole
 * timeline (what the preview shows), else they keep the version they were opened under.
 */
export async function changeSlaPolicy(store: Store, policy: SlaPolicy, actor: string, recompute: 'none' | 'open' = 'none'): Promise<{ version: number; recomputed: number }> {
  assertReachable(policy);
  const at = new Date().toISOString();
  const clock = clockSettings(policy);
  try {
    return await store.transaction(async (repos) => {
      const version = await repos.slaPolicies.add(policy, at, actor);
      const ids = recompute === 'open' ? await repos.tickets.activeIds() : [];
      await repos.slaPolicies.assign(ids, version);
      // The new version's clock is given, not read back: it is not committed yet.
      for (const id of ids) await refreshSla(repos, id, clock);
      await audit(repos, actor, 'sla_policy.update', null, { version, recomputedTickets: ids.length });
      return { version, recomputed: ids.length };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(ErrorCode.conflict, 'another admin saved the SLA policy at the same moment: reload it and save again');
    throw err;
  }
}

/** At most this many example tickets in a preview. */
const PREVIEW_EXAMPLES = 20;

/**
 * What recomputing the open tickets under a policy would do, without saving it: how many would change SLA
 * state now, how many would become breached, and some of them by name.
 */
export async function previewSlaPolicy(store: Store, policy: SlaPolicy) {
  assertReachable(policy);
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
