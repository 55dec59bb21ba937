import type { Generated } from 'kysely';

/** Stored shapes of the fleet: devices, their latest inventory, its history and their software. */
export interface DevicesTable {
  id: string;
  hostname: string;
  os: string | null;
  platform: string | null;
  agent_version: string | null;
  secret_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  online: number;
  last_seen: string | null;
  grp: string | null;
  consent: string;
  notes: string;
  inventory_hash: string | null;
  section_hashes: string | null;
  inventory_at: string | null;
  hardware: string | null;
  low_disk: Generated<number>;
  /** The cluster node the agent is connected to while online. */
  owner_node: string | null;
  /** An admin's name for the PC, shown before the hostname (several PCs may share one). */
  display_name: string | null;
  ip_address: string | null;
  logged_user: string | null;
  serial: string | null;
  /** JSON list of the finding codes of the PC's latest diagnostics (null: none collected yet). */
  findings: string | null;
  memory_used_pct: number | null;
  reboot_pending_since: string | null;
  health_at: string | null;
}

/** The latest full inventory document of each device (see migrations/0025_device_inventory_table.ts). */
export interface DeviceInventoryTable {
  device_id: string;
  document: string;
}

export interface InventoryChangesTable {
  id: Generated<number>;
  device_id: string;
  at: string;
  sections: string;
  /** JSON {items, omitted}: what changed item by item; null before 0023. */
  items: string | null;
}

export interface DeviceSoftwareTable {
  device_id: string;
  name: string;
  version: string | null;
  /** The version as a key that sorts as versions do (shared/versionRange.ts). */
  version_key: string | null;
  /** 1 while the PC is not revoked: the fleet's software view counts these rows only. */
  live: Generated<number>;
  /** 1 on the PC's first row of this package name: PCs per package are a sum of these. */
  first_of_name: Generated<number>;
}
