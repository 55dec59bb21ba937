import { InventorySections, type InventoryDocument, type InventorySectionName } from '../../shared/inventory.js';
import { changedSections, hashOfSections, sectionHashes } from '../../shared/inventoryHash.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { diffInventory } from '../../shared/inventoryDiff.js';
import type { InventoryWrite, Repos, Store } from '../storage/types.js';
import { TurnBatch } from '../turnBatch.js';

type DeviceHashes = { id: string; sectionHashes: Record<InventorySectionName, string> | null };

/** Documents stored in one transaction at most. */
const BATCH_MAX = 50;

/**
 * What storing a report means: `hash` is the agent's inventoryHash() of the document (a
 * document that does not match it is refused), the sections that differ from the device's
 * previous report are recorded, and the software rows are rewritten only when that section changed.
 */
function inventoryWrite(device: DeviceHashes, hash: string, document: InventoryDocument): InventoryWrite {
  const hashes = sectionHashes(document);
  if (hashOfSections(hashes) !== hash) throw new AppError(ErrorCode.invalidFrame, 'inventory: hash does not match the document');
  const changed = changedSections(device.sectionHashes, hashes);
  return {
    document,
    hash,
    sectionHashes: hashes,
    changed,
    software: changed.includes('software') ? document.software : null,
    at: new Date().toISOString(),
  };
}

/**
 * Stores a report; when sections changed, first reads the previous document to record what
 * changed item by item (only then: an unchanged report costs no read).
 */
async function saveReport(repos: Repos, deviceId: string, write: InventoryWrite): Promise<void> {
  let items: ReturnType<typeof diffInventory> | undefined;
  let previousSoftware: InventoryWrite['previousSoftware'];
  if (write.changed.length > 0) {
    const previous = await repos.devices.storedInventory(deviceId);
    // Checked against the schema: a document stored by an older version may differ (70 µs for
    // 800 packages, against the 500 µs of reading the rows it stands in for).
    const software = InventorySections.software.safeParse(previous?.software);
    if (software.success) previousSoftware = software.data;
    try {
      items = diffInventory(previous, write.document);
    } catch {
      // A document stored by an older version may lack what the comparison reads: the change
      // is still recorded, by section.
    }
  }
  await repos.devices.saveInventory(deviceId, { ...write, ...(items ? { items } : {}), ...(previousSoftware ? { previousSoftware } : {}) });
}

/** Stores one device's full inventory in its own transaction; returns the sections that changed. */
export async function ingestInventory(store: Store, device: DeviceHashes, hash: string, document: InventoryDocument): Promise<InventorySectionName[]> {
  const write = inventoryWrite(device, hash, document);
  await store.transaction((repos) => saveReport(repos, device.id, write));
  return write.changed;
}

interface Pending {
  deviceId: string;
  write: InventoryWrite;
  resolve(changed: InventorySectionName[]): void;
  reject(err: unknown): void;
}

/**
 * ingestInventory() for reports arriving together (a fleet after a software rollout): the
 * reports received in one turn of the event loop are stored in one transaction, up to BATCH_MAX,
 * which stores about a third more documents per second than a commit each. Should the batch
 * fail, each report is tried alone, so one bad report never costs the others theirs.
 */
export class InventoryIngest {
  private readonly reports = new TurnBatch<Pending>((all) => this.save(all));

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  submit(device: DeviceHashes, hash: string, document: InventoryDocument): Promise<InventorySectionName[]> {
    let write: InventoryWrite;
    try {
      write = inventoryWrite(device, hash, document);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => this.reports.add({ deviceId: device.id, write, resolve, reject }));
  }

  /** Resolves when every report submitted so far is stored (or refused). */
  drain(): Promise<void> {
    return this.reports.drain();
  }

  private async save(all: Pending[]): Promise<void> {
    for (let i = 0; i < all.length; i += BATCH_MAX) {
      const batch = all.slice(i, i + BATCH_MAX);
      try {
        await this.store.transaction(async (repos) => {
          for (const p of batch) await saveReport(repos, p.deviceId, p.write);
        });
        for (const p of batch) p.resolve(p.write.changed);
      } catch (err) {
        if (batch.length > 1) this.logger.warn({ err, reports: batch.length }, 'inventory batch failed; storing its reports one by one');
        for (const p of batch) {
          await this.store.transaction((repos) => saveReport(repos, p.deviceId, p.write)).then(
            () => p.resolve(p.write.changed),
            (e: unknown) => p.reject(e),
          );
        }
      }
    }
  }
}
