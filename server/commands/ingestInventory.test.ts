import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { sampleInventory } from '../../test/fixtures/inventory.js';
import { openSqliteStore, type Store } from '../storage/index.js';
import { InventoryIngest } from './ingestInventory.js';

describe('InventoryIngest', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterEach(() => store.close());

  const addDevice = async () => {
    const id = randomUUID();
    await store.devices.create({ id, hostname: 'pc', platform: 'linux', agentVersion: '0.1.0', secretHash: 'h'.repeat(64), enrolledAt: new Date().toISOString() });
    return (await store.devices.findById(id))!;
  };

  it('stores reports that arrive together, and one that cannot be stored costs the others nothing', async () => {
    const ingest = new InventoryIngest(store, pino({ level: 'silent' }));
    const doc = sampleInventory();
    const hash = inventoryHash(doc);
    const [a, b] = [await addDevice(), await addDevice()];
    const gone = { id: randomUUID(), sectionHashes: null }; // no such device: its rows break the batch
    const results = await Promise.allSettled([ingest.submit(a, hash, doc), ingest.submit(gone, hash, doc), ingest.submit(b, hash, doc)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<string[]>).value).toContain('software');
    for (const id of [a.id, b.id]) expect(await store.devices.inventory(id)).toEqual(doc);
    // A report whose hash does not match its document is refused before it is queued.
    await expect(ingest.submit(a, '0'.repeat(64), doc)).rejects.toMatchObject({ code: 'invalid_frame' });
    await ingest.drain();
  });

  it('keeps the software rows equal to each report, compared with the previous report or the rows themselves', async () => {
    const ingest = new InventoryIngest(store, pino({ level: 'silent' }));
    const device = await addDevice();
    const rows = async () => {
      const { items } = await store.devices.software({ limit: 500, offset: 0 });
      return items.map((i) => `${i.name}=${i.versions.map((v) => v.version).sort().join('|')}`).sort();
    };
    const expected = (software: { name: string; version: string | null }[]) => {
      const m = new Map<string, Set<string | null>>();
      for (const e of software) m.set(e.name, (m.get(e.name) ?? new Set()).add(e.version));
      return [...m].map(([name, v]) => `${name}=${[...v].sort().join('|')}`).sort();
    };
    const base = sampleInventory();
    const reports = [
      [{ name: 'curl', version: '8.1' }, { name: 'libc6', version: '2.36' }, { name: 'libc6', version: '2.36' }, { name: 'zlib', version: null }],
      [{ name: 'curl', version: '8.2' }, { name: 'libc6', version: '2.36' }, { name: 'libc6:i386', version: '2.36' }, { name: 'zlib', version: null }],
      [{ name: 'libc6', version: '2.37' }, { name: 'libc6', version: '2.36' }, { name: 'zlib', version: '1.3' }, { name: 'vim', version: '9' }],
      [{ name: 'vim', version: '9' }],
    ];
    let current = device;
    for (const software of reports) {
      const doc = { ...base, software };
      await ingest.submit(current, inventoryHash(doc), doc);
      current = (await store.devices.findById(device.id))!;
      expect(await rows()).toEqual(expected(software));
    }
    // A previous document from an older version, without a usable software list: the rows are read.
    await store.transaction(async (repos) => {
      const doc = { ...base, software: reports[0]! };
      const old = { ...doc, software: 'unknown' } as unknown as typeof doc;
      await repos.devices.saveInventory(device.id, { document: old, hash: 'old', sectionHashes: current.sectionHashes!, changed: [], software: null, at: new Date().toISOString() });
    });
    const doc = { ...base, software: reports[1]! };
    await ingest.submit((await store.devices.findById(device.id))!, inventoryHash(doc), doc);
    expect(await rows()).toEqual(expected(reports[1]!));
    await ingest.drain();
  });
});
