import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleInventory } from '../../test/fixtures/inventory.js';
import { sectionHashes } from '../../shared/inventoryHash.js';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

/** The contract every Store implementation keeps: the same assertions run against each of them. */
describe.each(STORES)('Store contract: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  const now = () => new Date().toISOString();
  const addDevice = async (hostname: string) => {
    const id = randomUUID();
    await store.devices.create({ id, hostname, platform: 'linux', agentVersion: '0.1.0', secretHash: 'h'.repeat(64), enrolledAt: now() });
    return id;
  };

  it('creates and finds users', async () => {
    await store.users.create({ id: 'u1', username: 'ann', role: 'technician', passwordHash: 'x', createdAt: now() });
    expect(await store.users.findByUsername('ann')).toMatchObject({ id: 'u1', role: 'technician' });
    expect(await store.users.findById('nope')).toBeUndefined();
    expect(await store.users.count()).toBe(1);
    await expect(store.users.create({ id: 'u2', username: 'ann', role: 'admin', passwordHash: 'x', createdAt: now() })).rejects.toThrow();
  });

  it('consumes enrollment tokens exactly as many times as allowed', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    await store.tokens.create({ id: 't1', tokenHash: 'th', expiresAt: future, uses: 2, usesLeft: 2, createdAt: now(), createdBy: null });
    const results = await Promise.all([1, 2, 3].map(() => store.tokens.consume('th', now())));
    expect(results.sort()).toEqual(['ok', 'ok', 'used_up']);
    expect(await store.tokens.consume('other', now())).toBe('invalid');
    await store.tokens.create({ id: 't2', tokenHash: 'old', expiresAt: '2000-01-01T00:00:00.000Z', uses: 1, usesLeft: 1, createdAt: now(), createdBy: null });
    expect(await store.tokens.consume('old', now())).toBe('expired');
  });

  it('stores inventory, its change history and a searchable software list', async () => {
    const id = await addDevice('pc-1');
    const other = await addDevice('pc-2');
    const doc = sampleInventory();
    await store.devices.saveInventory(id, { document: doc, hash: 'a', sectionHashes: sectionHashes(doc), changed: ['os', 'software'], software: doc.software, at: now() });
    await store.devices.saveInventory(id, { document: doc, hash: 'a', sectionHashes: sectionHashes(doc), changed: [], software: null, at: now() });
    expect(await store.devices.inventory(id)).toEqual(doc);
    expect(await store.devices.changes(id, 10)).toEqual([{ at: expect.any(String), sections: ['os', 'software'], items: [], omitted: 0 }]);
    const bySoftware = await store.devices.list({ software: 'FIREFOX', limit: 10, offset: 0 });
    expect(bySoftware.devices.map((d) => d.id)).toEqual([id]);
    expect((await store.devices.list({ q: 'pc-2', limit: 10, offset: 0 })).devices.map((d) => d.id)).toEqual([other]);
    expect((await store.devices.list({ q: '%', limit: 10, offset: 0 })).total).toBe(0);
    expect((await store.devices.list({ os: 'debian', limit: 10, offset: 0 })).devices.map((d) => d.id)).toEqual([id]);
    const page = await store.devices.list({ limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, devices: [{ hostname: 'pc-2' }] });
  });

  it('rewrites only the software that changed, and finds what is installed now', async () => {
    const id = await addDevice('pc-1');
    const doc = sampleInventory();
    const save = (software: typeof doc.software) =>
      store.devices.saveInventory(id, { document: { ...doc, software }, hash: 'h', sectionHashes: sectionHashes(doc), changed: ['software'], software, at: now() });
    const has = async (name: string) => (await store.devices.list({ software: name, limit: 10, offset: 0 })).total === 1;
    await save([{ name: 'alpha', version: '1' }, { name: 'beta', version: '1' }, { name: 'beta', version: '1' }, { name: 'gamma', version: null }]);
    await save([{ name: 'alpha', version: '2' }, { name: 'beta', version: '1' }, { name: 'delta', version: '1' }]);
    expect([await has('alpha'), await has('beta'), await has('gamma'), await has('delta')]).toEqual([true, true, false, true]);
    await save([]);
    expect([await has('alpha'), await has('beta'), await has('delta')]).toEqual([false, false, false]);
  });

  it('keeps a hardware summary per device and finds PCs with a full disk', async () => {
    const roomy = await addDevice('pc-roomy');
    const full = await addDevice('pc-full');
    const base = sampleInventory();
    const volume = { mount: '/', fs: 'ext4', type: null, sizeBytes: 100e9 };
    const save = (id: string, usedBytes: number) => {
      const doc = { ...base, disks: { ...base.disks, filesystems: [{ ...volume, usedBytes }, { mount: '/snap/core', fs: 'squashfs', type: null, sizeBytes: 1e8, usedBytes: 1e8 }] } };
      return store.devices.saveInventory(id, { document: doc, hash: id, sectionHashes: sectionHashes(doc), changed: [], software: null, at: now() });
    };
    await save(roomy, 40e9);
    await save(full, 95e9);
    expect((await store.devices.list({ lowDisk: true, limit: 10, offset: 0 })).devices.map((d) => d.id)).toEqual([full]);
    const r = (await store.devices.findById(roomy))!;
    // Read-only snap images count neither as capacity nor as full.
    expect(r.hardware).toMatchObject({ diskTotalBytes: 100e9, diskFreeBytes: 60e9, lowDisk: false, ramBytes: base.memory.totalBytes, cores: base.cpu.cores });
  });

  it('finds many devices by id in one call, skipping ids it does not hold', async () => {
    const [a, b] = [await addDevice('pc-a'), await addDevice('pc-b')];
    const found = await store.devices.findByIds([a, b, '00000000-0000-4000-8000-000000000000']);
    expect(found.map((d) => d.hostname).sort()).toEqual(['pc-a', 'pc-b']);
    expect(await store.devices.findByIds([])).toEqual([]);
  });

  it('records many devices online, offline and last seen in one batch', async () => {
    const [a, b, c] = [await addDevice('pc-a'), await addDevice('pc-b'), await addDevice('pc-c')];
    await store.devices.setPresence(
      new Map([
        [a, { online: true, at: '2026-01-01T10:00:00.100Z' }],
        [b, { online: true, at: '2026-01-01T10:00:00.300Z' }],
        [c, { online: false, at: '2026-01-01T10:00:01.000Z' }],
      ]),
      'node-1',
    );
    expect((await store.devices.list({ online: true, limit: 10, offset: 0 })).devices.map((d) => d.id).sort()).toEqual([a, b].sort());
    await store.devices.touch(new Map([[a, '2026-01-01T10:05:00.200Z'], [c, '2026-01-01T10:06:00.000Z']]));
    expect((await store.devices.findById(a))!.lastSeen).toBe('2026-01-01T10:05:00.200Z');
    expect((await store.devices.findById(b))!.lastSeen).toBe('2026-01-01T10:00:00.300Z');
    expect((await store.devices.findById(c))!).toMatchObject({ online: false, lastSeen: '2026-01-01T10:06:00.000Z' });
  });

  it('lets only the node holding an agent set it offline (it may have reconnected to another)', async () => {
    const id = await addDevice('pc-moving');
    await store.devices.setPresence(new Map([[id, { online: true, at: now() }]]), 'node-a');
    await store.devices.setPresence(new Map([[id, { online: true, at: now() }]]), 'node-b');
    await store.devices.setPresence(new Map([[id, { online: false, at: now() }]]), 'node-a');
    expect(await store.devices.findById(id)).toMatchObject({ online: true, ownerNode: 'node-b' });
    await store.devices.setPresence(new Map([[id, { online: false, at: now() }]]), 'node-b');
    expect(await store.devices.findById(id)).toMatchObject({ online: false, ownerNode: null });
  });

  it("expires a dead node's lease and clears what it held (devices, transfers), leaving the live node's alone", async () => {
    const [mine, theirs] = [await addDevice('pc-a'), await addDevice('pc-b')];
    await store.cluster.renew({ id: 'dead', url: 'x', startedAt: now() }, -1000);
    await store.cluster.renew({ id: 'live', url: 'y', startedAt: now() }, 60_000);
    await store.devices.setPresence(new Map([[mine, { online: true, at: now() }]]), 'dead');
    await store.devices.setPresence(new Map([[theirs, { online: true, at: now() }]]), 'live');
    await store.users.create({ id: 'tech', username: 'tess', role: 'technician', passwordHash: 'x', createdAt: now() });
    const transfer = (id: string, deviceId: string, nodeId: string) =>
      store.transfers.create({
        id,
        deviceId,
        technicianId: 'tech',
        technician: 'tess',
        ticketId: null,
        direction: 'download',
        path: '/var/log/syslog',
        archive: null,
        offset: 0,
        size: null,
        startedAt: now(),
        nodeId,
      });
    await transfer('00000000-0000-4000-8000-00000000000a', mine, 'dead');
    await transfer('00000000-0000-4000-8000-00000000000b', theirs, 'live');
    expect(await store.cluster.reap(now())).toEqual(['dead']);
    expect(await store.devices.findById(mine)).toMatchObject({ online: false, ownerNode: null });
    expect(await store.devices.findById(theirs)).toMatchObject({ online: true, ownerNode: 'live' });
    expect(await store.transfers.find('00000000-0000-4000-8000-00000000000a')).toMatchObject({ state: 'failed', error: 'the server handling the transfer stopped' });
    expect(await store.transfers.find('00000000-0000-4000-8000-00000000000b')).toMatchObject({ state: 'running', error: null, endedAt: null });
    expect((await store.cluster.nodes()).map((n) => n.id)).toEqual(['live']);
    expect(await store.cluster.reap(now())).toEqual([]);
  });

  it('revokes once and hides revoked devices unless asked', async () => {
    const id = await addDevice('pc-r');
    await store.devices.setPresence(new Map([[id, { online: true, at: now() }]]), 'node-1');
    expect(await store.devices.revoke(id, now())).toBe(true);
    expect(await store.devices.revoke(id, now())).toBe(false);
    expect((await store.devices.list({ limit: 10, offset: 0 })).total).toBe(0);
    expect((await store.devices.list({ includeRevoked: true, limit: 10, offset: 0 })).devices[0]).toMatchObject({ online: false });
  });

  it('rolls a transaction back whole', async () => {
    await expect(
      store.transaction(async (repos) => {
        await repos.users.create({ id: 'u9', username: 'ghost', role: 'employee', passwordHash: 'x', createdAt: now() });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.users.findByUsername('ghost')).toBeUndefined();
  });

  it('counts hits in windows that start over, fixed or sliding, atomically', async () => {
    const hits = await Promise.all(Array.from({ length: 10 }, () => store.counters.hit('k', 1000, 5000)));
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await store.counters.get('k', 5999)).toEqual({ count: 10, windowEnd: 6000 });
    expect(await store.counters.get('k', 6000)).toBeNull();
    expect(await store.counters.hit('k', 1000, 6000)).toEqual({ count: 1, windowEnd: 7000 });
    await store.counters.hit('s', 1000, 0, true);
    expect(await store.counters.hit('s', 1000, 900, true)).toEqual({ count: 2, windowEnd: 1900 });
    await store.counters.clear('s');
    expect(await store.counters.get('s', 0)).toBeNull();
    expect(await store.counters.sweep(10_000)).toBe(1);
  });

  it('pages the audit log newest first', async () => {
    for (const i of [1, 2, 3]) await store.audit.append({ at: now(), actor: 'admin', action: 'device.update', target: String(i), details: { i } });
    const first = (await store.audit.list({ limit: 2 })).entries;
    expect(first.map((e) => e.target)).toEqual(['3', '2']);
    const next = (await store.audit.list({ limit: 2, before: first[1]!.id })).entries;
    expect(next.map((e) => e.details)).toEqual([{ i: 1 }]);
    const byOffset = await store.audit.list({ limit: 2, offset: 2 });
    expect(byOffset).toEqual({ total: 3, entries: next });
  });

  it('filters the audit log by period and by text anywhere in it, without case, wildcards literal', async () => {
    await store.audit.append({ at: '2026-03-01T10:00:00.000Z', actor: 'Ada', action: 'user.create', target: 'u1', details: { username: 'Bob_Smith' } });
    await store.audit.append({ at: '2026-03-02T10:00:00.000Z', actor: 'tina', action: 'ticket.update', target: '42', details: { status: 'resolved' } });
    await store.audit.append({ at: '2026-03-03T10:00:00.000Z', actor: null, action: 'device.revoke', target: 'd1', details: { reason: '100% sure' } });
    const targets = async (f: Omit<Parameters<typeof store.audit.list>[0], 'limit'>) => (await store.audit.list({ limit: 10, ...f })).entries.map((e) => e.target);
    expect(await targets({ q: 'bob_smith' })).toEqual(['u1']);
    expect(await targets({ q: 'ADA' })).toEqual(['u1']);
    expect(await targets({ q: 'RESOLVED' })).toEqual(['42']);
    expect(await targets({ q: '%' })).toEqual(['d1']);
    expect(await targets({ q: '_' })).toEqual(['u1']);
    expect(await targets({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual(['42']);
    expect((await store.audit.list({ limit: 1, q: 'e' })).total).toBe(3);
  });
});
