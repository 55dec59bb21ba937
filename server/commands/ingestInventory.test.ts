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
});
