import type { InventoryDocument, InventorySectionName } from '../../shared/inventory.js';
import { changedSections, hashOfSections, sectionHashes } from '../../shared/inventoryHash.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Store } from '../storage/types.js';

/**
 * Stores a device's full inventory and records which sections changed since the previous one.
 * The software table is rewritten only when the software section changed. `hash` is the
 * agent's inventoryHash() of the document; a document that does not match it is refused.
 */
export async function ingestInventory(
  store: Store,
  device: { id: string; sectionHashes: Record<InventorySectionName, string> | null },
  hash: string,
  document: InventoryDocument,
): Promise<InventorySectionName[]> {
  const hashes = sectionHashes(document);
  if (hashOfSections(hashes) !== hash) throw new AppError(ErrorCode.invalidFrame, 'inventory: hash does not match the document');
  const changed = changedSections(device.sectionHashes, hashes);
  await store.transaction((repos) =>
    repos.devices.saveInventory(device.id, {
      document,
      hash,
      sectionHashes: hashes,
      changed,
      software: changed.includes('software') ? document.software : null,
      at: new Date().toISOString(),
    }),
  );
  return changed;
}
