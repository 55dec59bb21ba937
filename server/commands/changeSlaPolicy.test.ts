import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../shared/api/sla.js';
import { openSqliteStore, type Store } from '../storage/index.js';
import { currentSlaPolicy } from '../sla/policy.js';
import { changeSlaPolicy, previewSlaPolicy } from './changeSlaPolicy.js';
import { refreshSla } from './ticketSla.js';

describe('previewing an SLA policy change', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    await store.users.create({ id: 'req', username: 'req', role: 'employee', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
  });
  afterEach(() => store.close());

  /** A ticket opened `minutesAgo` with `priority`, its clock computed under the stored policy. */
  const opened = async (minutesAgo: number, priority: 'high' | 'normal', summary: string) => {
    const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const id = await store.tickets.create({ summary, details: '', priority, status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: at, channel: 'phone' });
    await store.tickets.addEvent(id, { at, actor: 'req', type: 'created', data: { priority } });
    await refreshSla(store, id);
    return id;
  };

  it('counts the open tickets whose state would change and those that would become breached, and changes nothing', async () => {
    const { policy } = await currentSlaPolicy(store);
    const late = await opened(90, 'normal', 'Opened 90 minutes ago');
    await opened(5, 'normal', 'Opened 5 minutes ago');
    // Breached already under the default (high: one hour): no change to report.
    const high = await opened(90, 'high', 'High, 90 minutes ago');
    // Normal tickets must now be answered within an hour (default: four hours).
    const stricter: SlaPolicy = { ...policy, targets: { ...policy.targets, normal: { ...policy.targets.normal, responseMinutes: 60 } } };
    const before = (await store.tickets.findById(late))!.sla;
    const preview = await previewSlaPolicy(store, stricter);
    expect(preview).toMatchObject({ tickets: 3, changed: 1, becomeBreached: 1 });
    expect(preview.examples).toEqual([{ id: late, summary: 'Opened 90 minutes ago', from: 'ok', to: 'breached' }]);
    expect((await store.tickets.findById(late))!.sla).toEqual(before);
    expect(await previewSlaPolicy(store, policy)).toMatchObject({ changed: 0, becomeBreached: 0, examples: [] });
    // Saving it alone changes no open ticket; recomputing them does what the preview said.
    expect(await changeSlaPolicy(store, stricter, 'ada')).toEqual({ version: 1, recomputed: 0 });
    expect((await store.tickets.findById(late))!.sla).toEqual(before);
    expect(await changeSlaPolicy(store, stricter, 'ada', 'open')).toEqual({ version: 2, recomputed: 3 });
    expect(await previewSlaPolicy(store, stricter)).toMatchObject({ changed: 0 });
    expect((await store.tickets.list({ slaState: 'breached', now: new Date().toISOString(), limit: 10, offset: 0 })).tickets.map((t) => t.id).sort()).toEqual([late, high].sort());
  });
});
