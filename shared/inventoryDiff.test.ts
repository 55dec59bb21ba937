import { describe, expect, it } from 'vitest';
import { sampleInventory } from '../test/fixtures/inventory.js';
import { diffInventory } from './inventoryDiff.js';

describe('what changed in an inventory, item by item', () => {
  it('names packages added, removed and upgraded, with the versions', () => {
    const before = sampleInventory({ software: [{ name: 'bash', version: '5.2.15' }, { name: 'openssl', version: '3.0.2' }, { name: 'telnet', version: '0.17' }] });
    const after = sampleInventory({ software: [{ name: 'bash', version: '5.2.15' }, { name: 'openssl', version: '3.0.13' }, { name: 'vim', version: '9.0' }] });
    expect(diffInventory(before, after).items).toEqual([
      { section: 'software', change: 'changed', item: 'openssl', from: '3.0.2', to: '3.0.13' },
      { section: 'software', change: 'added', item: 'vim', from: null, to: '9.0' },
      { section: 'software', change: 'removed', item: 'telnet', from: '0.17', to: null },
    ]);
  });

  it('names OS upgrades, memory, CPU and disk changes', () => {
    const before = sampleInventory();
    const after = sampleInventory({
      os: { ...before.os, release: '13', kernel: '6.12.0' },
      memory: { totalBytes: 32e9, modules: [] },
      cpu: { ...before.cpu, cores: 16 },
      disks: { physical: [{ name: 'sda', type: 'SSD', vendor: 'Acme', sizeBytes: 1e12, serial: 'D2', health: 'Ok' }], filesystems: before.disks.filesystems },
    });
    expect(diffInventory(before, after).items).toEqual([
      { section: 'os', change: 'changed', item: 'operating system', from: 'Debian GNU/Linux 12', to: 'Debian GNU/Linux 13' },
      { section: 'os', change: 'changed', item: 'kernel', from: '6.1.0', to: '6.12.0' },
      { section: 'cpu', change: 'changed', item: 'cores', from: '12', to: '16' },
      { section: 'memory', change: 'changed', item: 'memory', from: '16.0 GB', to: '32.0 GB' },
      { section: 'disks', change: 'added', item: 'sda', from: null, to: '1000 GB' },
      { section: 'disks', change: 'removed', item: 'nvme0n1', from: '512 GB', to: null },
    ]);
  });

  it('lists nothing for a first report or an unchanged one, and keeps at most 200 items', () => {
    const doc = sampleInventory();
    expect(diffInventory(null, doc)).toEqual({ items: [], omitted: 0 });
    expect(diffInventory(doc, sampleInventory())).toEqual({ items: [], omitted: 0 });
    const many = sampleInventory({ software: Array.from({ length: 250 }, (_, i) => ({ name: `pkg-${i}`, version: '1' })) });
    expect(diffInventory(doc, many)).toMatchObject({ omitted: 52 });
    expect(diffInventory(doc, many).items).toHaveLength(200);
  });
});
