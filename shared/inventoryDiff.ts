import { z } from 'zod';
import type { InventoryDocument } from './inventory.js';

/**
 * One thing that changed between two inventory reports, said the way a technician reads it:
 * "openssl 3.0.2 → 3.0.13", "vim added", "memory 8 GB → 16 GB".
 */
export const InventoryChangeItem = z.object({
  section: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  item: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type InventoryChangeItem = z.infer<typeof InventoryChangeItem>;

/** At most this many items are kept per report (a new PC image can change thousands of packages). */
export const CHANGE_ITEMS_MAX = 200;

export function gigabytes(bytes: number | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  return `${(bytes / 1e9).toFixed(bytes >= 100e9 ? 0 : 1)} GB`;
}

const osName = (d: InventoryDocument) => [d.os.distro, d.os.release].filter(Boolean).join(' ') || d.os.platform;

/** What changed from `before` to `after`, item by item; every item when there was no report before is not listed. */
export function diffInventory(before: InventoryDocument | null, after: InventoryDocument): { items: InventoryChangeItem[]; omitted: number } {
  if (!before) return { items: [], omitted: 0 };
  const items: InventoryChangeItem[] = [];
  const changed = (section: string, item: string, from: string | null, to: string | null) => {
    if (from !== to) items.push({ section, change: 'changed', item, from, to });
  };
  changed('os', 'operating system', osName(before), osName(after));
  changed('os', 'kernel', before.os.kernel ?? null, after.os.kernel ?? null);
  changed('os', 'hostname', before.os.hostname, after.os.hostname);
  changed('cpu', 'processor', before.cpu.brand ?? null, after.cpu.brand ?? null);
  changed('cpu', 'cores', String(before.cpu.cores), String(after.cpu.cores));
  changed('memory', 'memory', gigabytes(before.memory.totalBytes), gigabytes(after.memory.totalBytes));
  changed('bios', 'BIOS', before.bios.version ?? null, after.bios.version ?? null);

  const disks = (d: InventoryDocument) => new Map(d.disks.physical.map((p) => [p.serial ?? p.name ?? '?', p]));
  const [oldDisks, newDisks] = [disks(before), disks(after)];
  for (const [key, p] of newDisks) if (!oldDisks.has(key)) items.push({ section: 'disks', change: 'added', item: p.name ?? key, from: null, to: gigabytes(p.sizeBytes) });
  for (const [key, p] of oldDisks) if (!newDisks.has(key)) items.push({ section: 'disks', change: 'removed', item: p.name ?? key, from: gigabytes(p.sizeBytes), to: null });
  for (const [key, p] of newDisks) {
    const old = oldDisks.get(key);
    if (old && (old.health ?? null) !== (p.health ?? null)) changed('disks', `${p.name ?? key} SMART`, old.health ?? null, p.health ?? null);
  }

  // Packages by name; several versions of one name (kernels) compare as a sorted list.
  const packages = (d: InventoryDocument) => {
    const byName = new Map<string, string[]>();
    for (const s of d.software) byName.set(s.name, [...(byName.get(s.name) ?? []), s.version ?? '']);
    return new Map([...byName].map(([name, versions]) => [name, versions.sort().join(', ')]));
  };
  const [oldSoftware, newSoftware] = [packages(before), packages(after)];
  for (const [name, version] of newSoftware) {
    const old = oldSoftware.get(name);
    if (old === undefined) items.push({ section: 'software', change: 'added', item: name, from: null, to: version || null });
    else if (old !== version) items.push({ section: 'software', change: 'changed', item: name, from: old || null, to: version || null });
  }
  for (const [name, version] of oldSoftware) if (!newSoftware.has(name)) items.push({ section: 'software', change: 'removed', item: name, from: version || null, to: null });

  return { items: items.slice(0, CHANGE_ITEMS_MAX), omitted: Math.max(0, items.length - CHANGE_ITEMS_MAX) };
}
