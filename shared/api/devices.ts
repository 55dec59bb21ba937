import { z } from 'zod';
import { HardwareSummary } from '../hardware.js';
import { InventoryDocument, INVENTORY_SECTION_NAMES } from '../inventory.js';
import { InventoryChangeItem } from '../inventoryDiff.js';
import { LIMITS } from '../protocol/limits.js';
import { ConsentPolicy } from '../roles.js';
import { parseVersionRange } from '../versionRange.js';
import { Username } from './auth.js';

export const DEVICE_SORTS = ['name', 'hostname', 'ip', 'user', 'serial', 'os', 'agentVersion', 'lastSeen', 'enrolledAt', 'group'] as const;

export const DeviceSummary = z.object({
  id: z.string(),
  hostname: z.string(),
  os: z.string().nullable(),
  platform: z.string().nullable(),
  agentVersion: z.string().nullable(),
  online: z.boolean(),
  lastSeen: z.string().nullable(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  group: z.string().nullable(),
  consent: ConsentPolicy,
  notes: z.string(),
  inventoryAt: z.string().nullable(),
  /** CPU, memory and disk at a glance, from the latest inventory (null before the first one). */
  hardware: HardwareSummary.nullable(),
  /** An admin's name for the PC (null: the hostname says it). */
  name: z.string().nullable(),
  /** From the latest inventory: the first IPv4 address, the signed-in user, the serial number. */
  ipAddress: z.string().nullable(),
  loggedUser: z.string().nullable(),
  serial: z.string().nullable(),
  /** The finding codes of the PC's latest diagnostics (disk_full, reboot_pending…). */
  findings: z.array(z.string()),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

const SectionName = z.enum(INVENTORY_SECTION_NAMES as [string, ...string[]]);

export const InventoryChange = z.object({
  at: z.string(),
  sections: z.array(SectionName),
  /** What changed item by item (empty for changes recorded by older versions); `omitted` beyond the first 200. */
  items: z.array(InventoryChangeItem),
  omitted: z.number().int(),
});

export const DeviceDetail = DeviceSummary.extend({
  inventory: InventoryDocument.nullable(),
  changes: z.array(InventoryChange),
});
export type DeviceDetail = z.infer<typeof DeviceDetail>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const DeviceListQuery = z.object({
  online: booleanQuery.optional(),
  os: z.string().max(LIMITS.shortText).optional().describe('substring of the OS name, case-insensitive'),
  q: z.string().max(LIMITS.shortText).optional().describe('substring of the hostname or of an installed package name'),
  software: z.string().max(LIMITS.shortText).optional().describe('devices with an installed package whose name contains this'),
  softwareVersion: z
    .string()
    .max(LIMITS.shortText)
    .superRefine((v, ctx) => {
      const r = parseVersionRange(v);
      if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error });
    })
    .optional()
    .describe('with software: "3.0.x" (that series, as is a prefix like "3.0."), or comparisons like ">=3.0 <3.1", "<1.1.1w", "=2.4.1"'),
  finding: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a finding code like disk_full').optional().describe("a finding of the PC's latest diagnostics"),
  agentVersion: z.string().max(LIMITS.shortText).optional().describe('exactly this agent version'),
  sort: z.enum(DEVICE_SORTS).default('name').describe('name is the admin-given name, else the hostname'),
  order: z.enum(['asc', 'desc']).default('asc'),
  group: z.string().max(LIMITS.groupMax).optional(),
  lowDisk: booleanQuery.optional().describe('only PCs with a disk at least 90% full'),
  revoked: booleanQuery.optional().describe('include revoked devices (default false)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;

export const DeviceList = z.array(DeviceSummary);

export const DevicePatch = z
  .object({
    consent: ConsentPolicy.optional(),
    group: z.string().max(LIMITS.groupMax).nullable().optional(),
    notes: z.string().max(LIMITS.notesMax).optional(),
    name: z.string().trim().min(1, 'a name, or null to show the hostname').max(LIMITS.hostnameMax).nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one of consent, group, notes, name');
export type DevicePatch = z.infer<typeof DevicePatch>;

export const IdParams = z.object({ id: z.string().uuid('expected a device id (uuid)') });

/** A person who uses a PC: the PC may act for them once the link is confirmed. */
export const DeviceUserView = z.object({
  userId: z.string(),
  username: z.string(),
  linkedAt: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
});
export const DeviceUserList = z.array(DeviceUserView);
export const DeviceUserParams = z.object({ id: z.string().uuid('expected a device id (uuid)'), userId: z.string().uuid('expected a user id (uuid)') });
export const LinkDeviceUserRequest = z.object({ username: Username }).strict();
export const PcUserPolicy = z.object({ trust: z.boolean() }).strict();

/** The whole filtered list for a spreadsheet or a script: every match, not one page. */
export const DeviceExportQuery = DeviceListQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'json']).default('csv') });

export const SoftwareQuery = z.object({
  q: z.string().max(LIMITS.shortText).optional().describe('substring of the package name, case-insensitive'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const FleetSoftwareList = z.array(
  z.object({ name: z.string(), devices: z.number().int(), versions: z.array(z.object({ version: z.string().nullable(), devices: z.number().int() })) }),
);
