import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import { isUniqueViolation } from './errors.js';
import type { Store } from './types.js';

/** SLA policy versions and the version each ticket names, on every engine. */
describe.each(STORES)('Store contract, SLA policy versions: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.users.create({ id: 'req', username: 'req', role: 'employee', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
  });
  afterEach(() => store.close());
  const at = '2026-12-02T10:00:00.000Z';
  const ticket = (slaPolicy: number | null) =>
    store.tickets.create({ summary: 's', details: '', priority: 'normal', status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: at, channel: 'web', slaPolicy });

  it('numbers versions from 1, keeps each as saved, and knows which one a ticket is measured against', async () => {
    expect(await store.slaPolicies.latest()).toBeUndefined();
    const none = await ticket(null);
    expect(await store.slaPolicies.add({ a: 1 }, at, 'ada')).toBe(1);
    expect(await store.slaPolicies.add({ a: 2 }, at, null)).toBe(2);
    expect(await store.slaPolicies.latest()).toEqual({ version: 2, policy: { a: 2 }, createdAt: at, createdBy: null });
    expect(await store.slaPolicies.get(1)).toEqual({ version: 1, policy: { a: 1 }, createdAt: at, createdBy: 'ada' });
    expect(await store.slaPolicies.get(3)).toBeUndefined();
    const one = await ticket(1);
    expect(await store.slaPolicies.versionOf(none)).toBeNull();
    expect(await store.slaPolicies.versionOf(one)).toBe(1);
    await store.slaPolicies.assign([none, one], 2);
    expect([await store.slaPolicies.versionOf(none), await store.slaPolicies.versionOf(one)]).toEqual([2, 2]);
    await store.slaPolicies.assign([], 1);
  });

  it('lets one of two saves racing for the same number win; the other fails as a unique violation', async () => {
    const results = await Promise.allSettled([1, 2, 3].map((n) => store.transaction((repos) => repos.slaPolicies.add({ n }, at, null))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === 'rejected') expect(isUniqueViolation(r.reason)).toBe(true);
    expect((await store.slaPolicies.latest())!.version).toBe(ok.length);
  });
});
