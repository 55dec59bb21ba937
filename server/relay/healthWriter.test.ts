import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../storage/index.js';
import type { Store } from '../storage/types.js';
import { HealthWriter } from './healthWriter.js';

const at = '2026-12-03T10:00:00.000Z';

async function devices(store: Store, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const [i, id] of ids.entries()) await store.devices.create({ id, hostname: `pc-${i}`, platform: 'linux', agentVersion: '1', secretHash: 'x', enrolledAt: at });
  return ids;
}

it('stores the reports of one turn in a transaction per 500, the later of two reports winning', async () => {
  const store = await openSqliteStore(':memory:');
  const ids = await devices(store, 1200);
  let transactions = 0;
  const counted: Store = { ...store, transaction: (work) => (transactions++, store.transaction(work)) };
  const writer = new HealthWriter(counted);
  const saved = ids.map((id, i) => writer.save(id, { memoryUsedPct: i % 100, rebootPendingSince: null, at }));
  saved.push(writer.save(ids[0]!, { memoryUsedPct: 99.5, rebootPendingSince: at, at }));
  await Promise.all(saved);
  expect(transactions).toBe(3);
  expect((await store.devices.findById(ids[0]!))!.health).toEqual({ memoryUsedPct: 99.5, rebootPendingSince: at, at });
  expect((await store.devices.findById(ids[1199]!))!.health).toMatchObject({ memoryUsedPct: 99 });
  await store.close();
});

it('rejects the reports of a chunk the database refused, and stores the next ones', async () => {
  const store = await openSqliteStore(':memory:');
  const [id] = await devices(store, 1);
  let fail = true;
  const flaky: Store = { ...store, transaction: (work) => (fail ? Promise.reject(new Error('database is locked')) : store.transaction(work)) };
  const writer = new HealthWriter(flaky);
  await expect(writer.save(id!, { memoryUsedPct: 10, rebootPendingSince: null, at })).rejects.toThrow('database is locked');
  fail = false;
  await writer.save(id!, { memoryUsedPct: 20, rebootPendingSince: null, at });
  expect((await store.devices.findById(id!))!.health).toMatchObject({ memoryUsedPct: 20 });
  await store.close();
});
