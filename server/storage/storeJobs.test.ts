import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

describe.each(STORES)('Store contract, jobs: %s', (_name, open) => {
  let store: Store;
  const pcs: string[] = [randomUUID(), randomUUID(), randomUUID()];
  const here = (deviceId: string) => pcs.includes(deviceId);
  beforeEach(async () => {
    store = await open();
    for (const id of pcs) await store.devices.create({ id, hostname: `pc-${id.slice(0, 4)}`, platform: 'linux', agentVersion: '0.1.0', secretHash: 'h', enrolledAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  const job = (runs: { deviceId: string; runId: string }[], concurrency = 2) =>
    store.jobs.create(
      { name: 'j', scriptId: null, shell: 'sh', body: 'true', sha256: 'h', timeoutSeconds: 60, outputCap: 1024, concurrency, runWhenOnline: false, createdBy: 'tia', createdAt: '2026-01-02T00:00:00Z' },
      runs.map((r) => ({ ...r, state: 'queued' as const, reason: null })),
    );

  it('starts each run once, within the job’s concurrency, and records its end once', async () => {
    const runs = pcs.map((deviceId) => ({ deviceId, runId: randomUUID() }));
    const id = await job(runs, 2);
    // Only the PCs connected to this node are started by it.
    expect((await store.jobs.claimable((d) => d === pcs[1])).map((r) => r.deviceId)).toEqual([pcs[1]]);
    const claimable = await store.jobs.claimable(here);
    expect(claimable).toHaveLength(2);
    const claimed = await Promise.all([store.jobs.claim(claimable[0]!.runId, 'a', 't'), store.jobs.claim(claimable[0]!.runId, 'b', 't')]);
    expect(claimed.sort()).toEqual([false, true]);
    await store.jobs.claim(claimable[1]!.runId, 'a', 't');
    expect(await store.jobs.claimable(here)).toEqual([]);
    const result = { end: 'exited', exitCode: 0, output: 'ok', droppedBytes: 0, durationMs: 5, reason: null };
    expect(await store.jobs.finish(claimable[0]!.runId, pcs[2]!, 't2', result)).toBe(claimable[0]!.deviceId === pcs[2]);
    expect(await store.jobs.finish(claimable[0]!.runId, claimable[0]!.deviceId, 't2', result)).toBe(true);
    expect(await store.jobs.finish(claimable[0]!.runId, claimable[0]!.deviceId, 't2', result)).toBe(false);
    expect((await store.jobs.claimable(here)).map((r) => r.runId)).toEqual([runs.find((r) => !claimable.some((c) => c.runId === r.runId))!.runId]);

    expect(await store.jobs.cancel(id, 't3')).toBe(true);
    const after = await store.jobs.find(id);
    expect(after!.counts).toMatchObject({ done: 1, cancelling: 1, cancelled: 1, queued: 0 });
    expect(await store.jobs.cancelling()).toEqual([{ runId: claimable[1]!.runId, deviceId: claimable[1]!.deviceId }]);
    expect(await store.jobs.claim(randomUUID(), 'a', 't')).toBe(false);
    expect(await store.jobs.cancel(9999, 't')).toBe(false);
  });

  it('marks a run lost when no result came within its timeout and the grace after it', async () => {
    const run = { deviceId: pcs[0]!, runId: randomUUID() };
    const id = await job([run]);
    await store.jobs.claim(run.runId, 'a', '2026-01-02T00:00:00.000Z');
    expect(await store.jobs.expire(Date.parse('2026-01-02T00:01:30.000Z'), 60_000)).toBe(0);
    expect(await store.jobs.expire(Date.parse('2026-01-02T00:02:01.000Z'), 60_000)).toBe(1);
    expect((await store.jobs.find(id))!.runs[0]).toMatchObject({ state: 'lost', reason: expect.stringContaining('no answer') });
  });
});
