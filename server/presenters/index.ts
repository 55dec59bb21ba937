import type { z } from 'zod';
import type { UserView } from '../../shared/api/auth.js';
import type { DeviceDetail, DeviceSummary } from '../../shared/api/devices.js';
import type { EnrollmentTokenView } from '../../shared/api/enrollment.js';
import type { InventoryDocument } from '../../shared/inventory.js';
import type { AuditRecord, Device, EnrollmentToken, InventoryChangeRecord, User } from '../storage/types.js';

/**
 * Stored records → reply bodies. Each presenter names the fields it lets out, so a password
 * hash or a device secret hash can never reach a reply by being on the record.
 */
export const presentUser = (u: User): UserView => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt,
  email: u.email,
  disabled: u.disabledAt !== null,
  name: u.name,
  phone: u.phone,
  contact: u.contact,
  twoFactor: u.twoFactor,
});

export const presentDevice = (d: Device, connected: boolean): DeviceSummary => ({
  id: d.id,
  hostname: d.hostname,
  os: d.os,
  platform: d.platform,
  agentVersion: d.agentVersion,
  // The live socket is the authority; the stored flag can lag a crash.
  online: connected && d.revokedAt === null,
  lastSeen: d.lastSeen,
  enrolledAt: d.enrolledAt,
  revokedAt: d.revokedAt,
  group: d.group,
  consent: d.consent,
  notes: d.notes,
  inventoryAt: d.inventoryAt,
  hardware: d.hardware,
  name: d.name,
  ipAddress: d.ipAddress,
  loggedUser: d.loggedUser,
  serial: d.serial,
  findings: d.findings,
});

export const presentDeviceDetail = (
  d: Device,
  connected: boolean,
  inventory: InventoryDocument | null,
  changes: InventoryChangeRecord[],
): DeviceDetail => ({ ...presentDevice(d, connected), inventory, changes });

export const presentToken = (t: EnrollmentToken, now = new Date().toISOString()): z.infer<typeof EnrollmentTokenView> => ({
  id: t.id,
  expiresAt: t.expiresAt,
  uses: t.uses,
  usesLeft: t.usesLeft,
  createdAt: t.createdAt,
  createdBy: t.createdBy,
  revokedAt: t.revokedAt,
  state: t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : t.usesLeft <= 0 ? 'used_up' : 'active',
});

