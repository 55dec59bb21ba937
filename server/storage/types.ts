import type { InventoryChangeItem } from '../../shared/inventoryDiff.js';
import type { DEVICE_SORTS } from '../../shared/api/devices.js';
import type { RecordingChunkRepo } from './repos/recordings.js';
import type { CounterRepo } from './repos/counters.js';
import type { ClusterRepo } from './repos/cluster.js';
import type { TableDump } from './dump.js';
import type { InventoryDocument, InventorySectionName, SoftwareEntry } from '../../shared/inventory.js';
import type { SectionHashes } from '../../shared/inventoryHash.js';
import type { HardwareSummary } from '../../shared/hardware.js';
import type { TicketStatus } from '../../shared/api/tickets.js';

export type { TicketStatus };
import type { ConsentPolicy } from '../../shared/roles.js';
import type { AlertRepo } from './alertTypes.js';
import type { ScriptRepo } from './scriptTypes.js';
import type { JobRepo } from './jobTypes.js';
import type { TransferRepo } from './transferTypes.js';
import type { DeviceUserRepo, EnrollmentTokenRepo, SavedFilterRepo, SecondFactorRepo, UserRepo } from './accessTypes.js';
import type { ShellSessionRepo } from './sessionTypes.js';
import type { AttachmentRepo, InboundRepo, NewNotice, NoticeRepo, NotificationPrefRepo, OutboxRepo, SlaNoticeRepo } from './mailTypes.js';
import type { RatingRepo, TicketRepo } from './ticketTypes.js';

export type * from './accessTypes.js';
export type * from './alertTypes.js';
export type * from './transferTypes.js';
export type * from './scriptTypes.js';
export type * from './jobTypes.js';
export type * from './sessionTypes.js';
export type * from './mailTypes.js';
export type * from './ticketTypes.js';

/** Domain records as callers see them. Storage details (JSON text, 0/1 flags) stay inside. */
export interface Device {
  id: string;
  hostname: string;
  os: string | null;
  platform: string | null;
  agentVersion: string | null;
  secretHash: string;
  enrolledAt: string;
  revokedAt: string | null;
  online: boolean;
  /** The cluster node holding its agent's connection while online. */
  ownerNode: string | null;
  lastSeen: string | null;
  group: string | null;
  consent: ConsentPolicy;
  notes: string;
  inventoryHash: string | null;
  sectionHashes: SectionHashes | null;
  inventoryAt: string | null;
  hardware: HardwareSummary | null;
  /** An admin's name for the PC; null: the hostname says it. */
  name: string | null;
  ipAddress: string | null;
  loggedUser: string | null;
  serial: string | null;
  /** The finding codes of the PC's latest diagnostics. */
  findings: string[];
  /** What its agent last reported of its health (agents older than the report send none). */
  health: DeviceHealth | null;
}

export interface DeviceHealth {
  memoryUsedPct: number;
  rebootPendingSince: string | null;
  at: string;
}

export type DeviceSort = (typeof DEVICE_SORTS)[number];

export interface DeviceFilter {
  online?: boolean;
  os?: string;
  q?: string;
  software?: string;
  /** With `software`: a version range (shared/versionRange.ts), e.g. "3.0.x" or ">=3.0 <3.1". */
  softwareVersion?: string;
  /** A finding code of the PC's latest diagnostics. */
  finding?: string;
  agentVersion?: string;
  sort?: DeviceSort;
  order?: 'asc' | 'desc';
  group?: string;
  lowDisk?: boolean;
  includeRevoked?: boolean;
  limit: number;
  offset: number;
}

export interface DeviceUpdate {
  hostname?: string;
  os?: string | null;
  platform?: string | null;
  agentVersion?: string | null;
  group?: string | null;
  consent?: ConsentPolicy;
  notes?: string;
  name?: string | null;
}

/** One package across the fleet: on how many PCs, in which versions. */
export interface FleetSoftware {
  name: string;
  devices: number;
  versions: { version: string | null; devices: number }[];
}

export interface InventoryWrite {
  document: InventoryDocument;
  hash: string;
  sectionHashes: SectionHashes;
  changed: InventorySectionName[];
  /** The software list, when that section changed (its rows are replaced). */
  software: SoftwareEntry[] | null;
  at: string;
  /** What changed item by item, from the previous report (see shared/inventoryDiff.ts). */
  items?: { items: InventoryChangeItem[]; omitted: number };
  /**
   * The previous report's software list, when it was read for `items`: the device's software
   * rows hold exactly that list (both are written together), so it is compared instead of them.
   */
  previousSoftware?: readonly SoftwareEntry[];
}

export interface InventoryChangeRecord {
  at: string;
  sections: InventorySectionName[];
  /** Empty for changes recorded before items were kept. */
  items: InventoryChangeItem[];
  omitted: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}


export interface DeviceRepo {
  create(device: Pick<Device, 'id' | 'hostname' | 'platform' | 'agentVersion' | 'secretHash' | 'enrolledAt'>): Promise<void>;
  findById(id: string): Promise<Device | undefined>;
  /** The devices among `ids` that exist, in no particular order (one statement: keep `ids` to a few hundred). */
  findByIds(ids: readonly string[]): Promise<Device[]>;
  list(filter: DeviceFilter): Promise<{ devices: Device[]; total: number }>;
  update(id: string, update: DeviceUpdate): Promise<boolean>;
  /** Distinct packages on PCs not revoked whose name contains `q`, most widespread first. */
  software(f: { q?: string; limit: number; offset: number }): Promise<{ items: FleetSoftware[]; total: number }>;
  revoke(id: string, at: string): Promise<boolean>;
  /** Online flags (and last-seen times) of many devices in a few statements; `at` may be rounded to the latest in the batch. */
  setPresence(changes: ReadonlyMap<string, { online: boolean; at: string }>, nodeId: string): Promise<void>;
  /** Records last-seen times in one batch (heartbeats are frequent; writes are coalesced); to the second. */
  touch(lastSeen: ReadonlyMap<string, string>): Promise<void>;
  setHealth(id: string, health: DeviceHealth): Promise<void>;
  /** At start no agent is connected yet, whatever the store said when the process stopped (one process only). */
  markAllOffline(): Promise<void>;
  inventory(id: string): Promise<InventoryDocument | null>;
  /**
   * The stored document as written, without validating it again: for comparing it with the next
   * report, where validating tens of thousands of packages each time would cost more than the rest.
   */
  storedInventory(id: string): Promise<InventoryDocument | null>;
  saveInventory(id: string, write: InventoryWrite): Promise<void>;
  changes(id: string, limit: number): Promise<InventoryChangeRecord[]>;
}

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  /** Text anywhere in the action, actor, target or details (without case). */
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
  offset?: number;
}

export interface AuditRepo {
  append(entry: Omit<AuditRecord, 'id'>): Promise<void>;
  /** Newest first, and how many match before paging. */
  list(query: AuditFilter): Promise<{ entries: AuditRecord[]; total: number }>;
}

export interface Repos {
  cluster: ClusterRepo;
  counters: CounterRepo;
  recordings: RecordingChunkRepo;
  users: UserRepo;
  secondFactors: SecondFactorRepo;
  tokens: EnrollmentTokenRepo;
  devices: DeviceRepo;
  audit: AuditRepo;
  tickets: TicketRepo;
  settings: SettingsRepo;
  slaPolicies: SlaPolicyRepo;
  dashboard: DashboardRepo;
  faq: FaqRepo;
  shellSessions: ShellSessionRepo;
  deviceUsers: DeviceUserRepo;
  notices: NoticeRepo;
  outbox: OutboxRepo;
  notificationPrefs: NotificationPrefRepo;
  slaNotices: SlaNoticeRepo;
  inbound: InboundRepo;
  attachments: AttachmentRepo;
  ratings: RatingRepo;
  savedFilters: SavedFilterRepo;
  alerts: AlertRepo;
  scripts: ScriptRepo;
  jobs: JobRepo;
  transfers: TransferRepo;
}

export interface FaqArticleRecord {
  id: number;
  title: string;
  body: string;
  category: string;
  findings: string[];
  views: number;
  solved: number;
  createdAt: string;
  updatedAt: string;
}

export interface FaqRepo {
  create(a: Pick<FaqArticleRecord, 'title' | 'body' | 'category' | 'findings' | 'createdAt'>): Promise<number>;
  findById(id: number): Promise<FaqArticleRecord | undefined>;
  update(id: number, a: Partial<Pick<FaqArticleRecord, 'title' | 'body' | 'category' | 'findings'>> & { updatedAt: string }): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  /** Best matches first when `words` is given (full-text), else newest first. */
  search(q: { words?: string[]; category?: string; finding?: string; limit: number }): Promise<FaqArticleRecord[]>;
  count(id: number, counter: 'views' | 'solved'): Promise<boolean>;
  /** Changes whenever an article is added, edited or deleted (not when counted): when to read them again. */
  version(): Promise<string>;
}

/** A saved SLA policy version: the document as the admin saved it (validated by the caller). */
export interface SlaPolicyVersion {
  version: number;
  policy: unknown;
  createdAt: string;
  createdBy: string | null;
}

/** SLA policy versions, never changed once saved, and which version each ticket is measured against. */
export interface SlaPolicyRepo {
  latest(): Promise<SlaPolicyVersion | undefined>;
  get(version: number): Promise<SlaPolicyVersion | undefined>;
  /** Saves the next version; a concurrent save of the same number fails with a unique violation. */
  add(policy: unknown, at: string, by: string | null): Promise<number>;
  /** The version a ticket is measured against; null for the built-in default. */
  versionOf(ticketId: number): Promise<number | null>;
  /** Moves tickets to a version (an admin's explicit choice to recompute open tickets). */
  assign(ticketIds: readonly number[], version: number): Promise<void>;
}

/** Grouped counts for the dashboard's charts. */
export interface DashboardRepo {
  /** Tickets opened and resolved per UTC day (YYYY-MM-DD) since `from`. */
  perDay(from: string): Promise<{ opened: Map<string, number>; resolved: Map<string, number> }>;
  /** Tickets not resolved per age bucket: bucket i was opened in [edges[i+1], edges[i]), the last before every edge. */
  backlog(edges: readonly string[]): Promise<Map<number, number>>;
  devicesBy(column: 'os' | 'agent_version'): Promise<{ key: string | null; count: number }[]>;
  /** How many tickets opened since `from` had each finding in their diagnostics. */
  findings(from: string): Promise<Map<string, number>>;
}

/** Small JSON documents by key (admin settings). */
export interface SettingsRepo {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, at: string): Promise<void>;
}

/** Everything the server keeps. One implementation per database; callers see only this. */
export interface Store extends Repos {
  /** Which engine holds the data: cluster mode needs one every node shares. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Whole tables, for moving an installation from one engine to the other. */
  readonly dump: TableDump;
  /** Runs `fn` with repositories bound to one transaction: all of its writes land, or none. */
  transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * Hears of every notice (a change to a ticket) once it is committed, in the order written:
   * live updates follow the same events as email, and never announce a rolled-back change.
   */
  onNotices(listener: (notices: NewNotice[]) => void): void;
  close(): Promise<void>;
}
