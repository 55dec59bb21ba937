import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import { isUniqueViolation } from './errors.js';
import type { Store } from './types.js';

describe.each(STORES)('Store contract, alerts: %s', (_name, open) => {
  let store: Store;
  let deviceId: string;
  let ruleId: number;
  beforeEach(async () => {
    store = await open();
    deviceId = randomUUID();
    await store.devices.create({ id: deviceId, hostname: 'pc-1', platform: 'linux', agentVersion: '0.1.0', secretHash: 'h', enrolledAt: '2026-01-01T00:00:00Z' });
    ruleId = await store.alerts.addRule({ name: 'Disk', condition: { kind: 'disk', minPct: 90 }, action: 'ticket', priority: 'high', group: null, forMinutes: 0, enabled: true, createdAt: '2026-01-01T00:00:00Z', createdBy: 'admin' });
  });
  afterEach(() => store.close());

  it('keeps one open alert per rule and PC, fires it once, and allows a new one once it is resolved', async () => {
    const pending = { ruleId, deviceId, detail: '/ is 95% full', since: '2026-01-02T00:00:00Z' };
    const id = await store.alerts.addPending(pending);
    const second = await store.alerts.addPending(pending).catch((err: unknown) => err);
    expect(isUniqueViolation(second)).toBe(true);
    const fired = await Promise.all([store.alerts.fire(id, '2026-01-02T00:01:00Z', null), store.alerts.fire(id, '2026-01-02T00:01:00Z', null)]);
    expect(fired.sort()).toEqual([false, true]);
    expect(await store.alerts.open()).toMatchObject([{ id, rule: 'Disk', device: 'pc-1', state: 'active', firedAt: '2026-01-02T00:01:00Z' }]);
    expect(await store.alerts.resolve(id, '2026-01-03T00:00:00Z')).toBe(true);
    expect(await store.alerts.resolve(id, '2026-01-03T00:00:00Z')).toBe(false);
    const next = await store.alerts.addPending(pending);
    expect(next).not.toBe(id);
    expect((await store.alerts.list({ state: 'resolved', limit: 10, offset: 0 })).total).toBe(1);
    // A rule deleted takes its alerts with it.
    expect(await store.alerts.deleteRule(ruleId)).toBe(true);
    expect(await store.alerts.open()).toEqual([]);
  });
});
