import { describe, expect, it } from 'vitest';
import { sampleInventory } from '../test/fixtures/inventory.js';
import { canonicalJson, changedSections, inventoryHash, sectionHashes } from './inventoryHash.js';

describe('inventory hashing', () => {
  it('does not depend on key order or collection time', () => {
    const a = sampleInventory();
    const b = { ...sampleInventory(), collectedAt: '2027-01-01T00:00:00.000Z' };
    expect(inventoryHash(a)).toBe(inventoryHash(b));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
  it('ignores small disk-usage churn but sees a new package', () => {
    const base = sampleInventory();
    const churn = sampleInventory();
    churn.disks.filesystems[0]!.usedBytes += 1024;
    expect(inventoryHash(churn)).toBe(inventoryHash(base));
    const installed = sampleInventory({ software: [...base.software, { name: 'vlc', version: '3.0' }] });
    expect(changedSections(sectionHashes(base), sectionHashes(installed))).toEqual(['software']);
  });
  it('reports every section as changed on the first report', () => {
    expect(changedSections(null, sectionHashes(sampleInventory()))).toContain('os');
  });
});
