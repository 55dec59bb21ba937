import type { Store } from '../storage/types.js';

const BATCH = 200;

/**
 * Finds clocks that reached their at-risk time or their target since the last look and writes
 * one notice for each (the notifier tells the assignee, then the admins). Each is recorded with
 * its due time: a clock moved by a priority change gets a notice of its own; one already told
 * of, by this node or another, is not told again.
 */
export async function sweepSla(store: Store, now = new Date()): Promise<number> {
  const at = now.toISOString();
  let written = 0;
  for (const due of await store.slaNotices.due(at, BATCH)) {
    const recorded = await store.transaction(async (repos) => {
      if (!(await repos.slaNotices.record(due))) return false;
      await repos.notices.add({
        ticketId: due.ticketId,
        kind: due.notice.endsWith('_breach') ? 'sla_breach' : 'sla_risk',
        actorId: null,
        data: { clock: due.notice.startsWith('response') ? 'response' : 'resolution', dueAt: due.dueAt },
        createdAt: at,
      });
      return true;
    });
    if (recorded) written++;
  }
  return written;
}
