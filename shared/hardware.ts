import { z } from 'zod';
import type { InventoryDocument } from './inventory.js';

/** Mounts that are full by design (read-only images, snap packages) and never a problem. */
export const IGNORED_MOUNT = /^\/(snap|proc|sys|run|dev)\b|^\/boot\/efi$/;
/** A disk at or above this share used is "full" (the disk_full finding and the low-disk filter agree). */
export const DISK_FULL_PCT = 90;

/** What an inventory list shows per PC, kept beside the device so lists never read whole documents. */
export const HardwareSummary = z.object({
  cpu: z.string().nullable(),
  cores: z.number().int(),
  ramBytes: z.number(),
  diskTotalBytes: z.number(),
  diskFreeBytes: z.number(),
  lowDisk: z.boolean(),
  /** The fullest volume (alerts on disk use); absent in summaries stored before it was kept. */
  fullestDisk: z.object({ mount: z.string(), usedPct: z.number() }).nullable().optional(),
});
export type HardwareSummary = z.infer<typeof HardwareSummary>;

/** What tells PCs of one name apart in a list: an address, who is signed in, the serial number. */
export interface DeviceIdentity {
  ipAddress: string | null;
  loggedUser: string | null;
  serial: string | null;
}

const LOOPBACK_V4 = /^127\./;
const LINK_LOCAL_V4 = /^169\.254\./;

export function deviceIdentity(doc: InventoryDocument): DeviceIdentity {
  // The first IPv4 address of a physical interface, else of any; never loopback or link-local.
  const usable = (n: InventoryDocument['network'][number]) => n.ipv4.filter((a) => !LOOPBACK_V4.test(a) && !LINK_LOCAL_V4.test(a));
  const physical = doc.network.filter((n) => !n.virtual).flatMap(usable);
  const any = doc.network.flatMap(usable);
  const serial = doc.system.serial?.trim();
  return {
    ipAddress: physical[0] ?? any[0] ?? null,
    loggedUser: doc.users[0]?.user ?? null,
    // Virtual machines and white-box PCs report placeholders rather than nothing.
    serial: serial && !/^(0+|none|default string|to be filled by o\.e\.m\.|system serial number)$/i.test(serial) ? serial : null,
  };
}

export function hardwareSummary(doc: InventoryDocument): HardwareSummary {
  const volumes = doc.disks.filesystems.filter((f) => !IGNORED_MOUNT.test(f.mount) && f.sizeBytes > 0);
  const total = volumes.reduce((n, f) => n + f.sizeBytes, 0);
  const used = volumes.reduce((n, f) => n + f.usedBytes, 0);
  return {
    cpu: doc.cpu.brand,
    cores: doc.cpu.cores,
    ramBytes: doc.memory.totalBytes,
    diskTotalBytes: total,
    diskFreeBytes: Math.max(0, total - used),
    lowDisk: volumes.some((f) => (f.usedBytes / f.sizeBytes) * 100 >= DISK_FULL_PCT),
    fullestDisk: volumes.reduce<HardwareSummary['fullestDisk']>((top, f) => {
      const usedPct = Math.round((f.usedBytes / f.sizeBytes) * 1000) / 10;
      return !top || usedPct > top.usedPct ? { mount: f.mount, usedPct } : top;
    }, null),
  };
}
