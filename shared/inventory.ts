import { z } from 'zod';
import { LIMITS } from './protocol/limits.js';

/**
 * The inventory document an agent reports. Sections are the unit of change tracking: the
 * server records which sections differ from the previous report.
 * Collectors on some machines cannot read every value (containers, VMs, locked-down BIOS), so
 * most leaves are nullable rather than absent: the document always has the same shape.
 */
const text = z.string().max(LIMITS.shortText);
const maybeText = text.nullable();
const maybeNumber = z.number().finite().nullable();
const list = <T extends z.ZodTypeAny>(item: T, max: number = LIMITS.listItemsMax) => z.array(item).max(max);

export const InventorySections = {
  system: z.object({ manufacturer: maybeText, model: maybeText, serial: maybeText, uuid: maybeText }),
  bios: z.object({ vendor: maybeText, version: maybeText, releaseDate: maybeText }),
  os: z.object({
    platform: text,
    distro: maybeText,
    release: maybeText,
    kernel: maybeText,
    arch: maybeText,
    hostname: z.string().min(1).max(LIMITS.hostnameMax),
  }),
  cpu: z.object({
    manufacturer: maybeText,
    brand: maybeText,
    cores: z.number().int().nonnegative(),
    physicalCores: z.number().int().nonnegative().nullable(),
    speedGHz: maybeNumber,
  }),
  memory: z.object({
    totalBytes: z.number().nonnegative(),
    modules: list(z.object({ sizeBytes: maybeNumber, type: maybeText, clockSpeedMHz: maybeNumber })),
  }),
  disks: z.object({
    physical: list(
      z.object({
        name: maybeText,
        type: maybeText,
        vendor: maybeText,
        sizeBytes: maybeNumber,
        serial: maybeText,
        /** SMART overall status where the OS reports it ("Ok", "Predicted Failure"); absent from older agents. */
        health: maybeText.optional(),
      }),
    ),
    filesystems: list(
      z.object({ mount: text, fs: maybeText, type: maybeText, sizeBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() }),
    ),
  }),
  network: list(
    z.object({
      iface: text,
      mac: maybeText,
      ipv4: list(text, 64),
      ipv6: list(text, 64),
      speedMbps: maybeNumber,
      virtual: z.boolean(),
    }),
  ),
  graphics: list(z.object({ vendor: maybeText, model: maybeText, vramMB: maybeNumber })),
  battery: z.object({
    present: z.boolean(),
    percent: maybeNumber,
    charging: z.boolean().nullable(),
    cycleCount: maybeNumber,
    designedCapacity: maybeNumber,
    maxCapacity: maybeNumber,
  }),
  users: list(z.object({ user: text, terminal: maybeText, loginAt: maybeText })),
  software: list(
    z.object({ name: text, version: maybeText, publisher: maybeText.optional() }),
    LIMITS.softwareEntriesMax,
  ),
} as const;

export type InventorySectionName = keyof typeof InventorySections;
export const INVENTORY_SECTION_NAMES = Object.keys(InventorySections) as InventorySectionName[];

export const InventoryDocument = z.object({
  collectedAt: z.iso.datetime(),
  ...InventorySections,
});
export type InventoryDocument = z.infer<typeof InventoryDocument>;
export type SoftwareEntry = InventoryDocument['software'][number];
