import type { Generated } from 'kysely';
import type { AlertRulesTable, AlertsTable } from './schemaAlerts.js';
import type { ScriptsTable } from './schemaScripts.js';
import type { FileTransfersTable } from './schemaTransfers.js';
import type { JobRunsTable, JobsTable } from './schemaJobs.js';
import type { DeviceUsersTable, EnrollmentTokensTable, RecoveryCodesTable, SavedFiltersTable, UsersTable } from './schemaAccess.js';
import type { DeviceInventoryTable, DeviceSoftwareTable, DevicesTable, InventoryChangesTable } from './schemaDevices.js';

/**
 * Table shapes as stored. Times are ISO-8601 UTC strings (sortable as text in SQLite and
 * PostgreSQL alike), flags are 0/1 integers and documents are JSON text, so one set of queries
 * serves both dialects.
 */
export type * from './schemaAccess.js';
export type * from './schemaAlerts.js';
export type * from './schemaScripts.js';
export type * from './schemaTransfers.js';
export type * from './schemaJobs.js';
export type * from './schemaDevices.js';

export interface TicketRatingsTable {
  ticket_id: number;
  score: number;
  comment: string;
  rated_at: string;
  rated_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: string;
}

export interface TicketsTable {
  id: Generated<number>;
  summary: string;
  details: string;
  priority: string;
  status: string;
  requester_id: string;
  assignee_id: string | null;
  device_id: string | null;
  created_by: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  response_due_at: string | null;
  resolve_due_at: string | null;
  response_risk_at: string | null;
  resolve_risk_at: string | null;
  sla_paused: number;
  sla_breached: number;
  sla_met: number;
  sla_due_at: string | null;
  channel: Generated<string>;
  /** The SLA policy version the ticket is measured against; null: the built-in default. */
  sla_policy: number | null;
  category: string | null;
  /** JSON list of lowercase words. */
  tags: Generated<string>;
}

/** Every SLA policy saved, never changed afterwards (see migrations/0021_sla_policy_versions.ts). */
export interface SlaPoliciesTable {
  version: number;
  policy: string;
  created_at: string;
  created_by: string | null;
}

export interface TicketCommentsTable {
  id: Generated<number>;
  ticket_id: number;
  author_id: string;
  body: string;
  internal: number;
  created_at: string;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  at: string;
  actor: string | null;
  type: string;
  data: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface FaqArticlesTable {
  id: Generated<number>;
  title: string;
  body: string;
  category: string;
  findings: string;
  views: number;
  solved: number;
  created_at: string;
  updated_at: string;
}

export interface FaqSearchTable {
  rowid: number;
  title: string;
  body: string;
  category: string;
}

export interface TicketDiagnosticsTable {
  ticket_id: number;
  bundle: string;
  findings: string;
}

export interface ShellSessionsTable {
  id: string;
  device_id: string;
  technician_id: string;
  ticket_id: number | null;
  reason: string | null;
  consent_policy: string;
  consent_decision: string | null;
  consent_at: string | null;
  state: string;
  requested_at: string;
  started_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  exit_code: number | null;
  bytes_in: Generated<number>;
  bytes_out: Generated<number>;
  cols: number;
  rows: number;
  recording_file: string | null;
  recording_bytes: Generated<number>;
  recording_truncated: Generated<number>;
  /** The node the technician's socket is on. */
  node_id: string | null;
}

export interface ClusterNodesTable {
  id: string;
  url: string;
  started_at: string;
  lease_until: number;
}

export interface CountersTable {
  key: string;
  count: number;
  window_end: number;
}

export interface RecordingChunksTable {
  session_id: string;
  seq: number;
  data: string;
}

export interface NoticesTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  actor_id: string | null;
  data: string;
  created_at: string;
  done: Generated<number>;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  ticket_id: number | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  references_id: string | null;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface NotificationPrefsTable {
  user_id: string;
  kind: string;
  enabled: number;
}

export interface SlaNoticesTable {
  ticket_id: number;
  notice: string;
  due_at: string;
}

export interface InboundMessagesTable {
  message_id: string;
  received_at: string;
  sender: string;
  subject: string;
  outcome: string;
  reason: string | null;
  ticket_id: number | null;
}

export interface TicketAttachmentsTable {
  id: Generated<number>;
  ticket_id: number;
  comment_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: string;
  created_at: string;
}

/** Tickets per status and priority, kept by triggers (migration 0028); derived, so never exported. */
export interface TicketCountsTable {
  status: string;
  priority: string;
  n: number;
}

export interface Database {
  inbound_messages: InboundMessagesTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_ratings: TicketRatingsTable;
  notices: NoticesTable;
  outbox: OutboxTable;
  notification_prefs: NotificationPrefsTable;
  sla_notices: SlaNoticesTable;
  recording_chunks: RecordingChunksTable;
  counters: CountersTable;
  cluster_nodes: ClusterNodesTable;
  shell_sessions: ShellSessionsTable;
  ticket_diagnostics: TicketDiagnosticsTable;
  faq_articles: FaqArticlesTable;
  faq_search: FaqSearchTable;
  settings: SettingsTable;
  tickets: TicketsTable;
  ticket_counts: TicketCountsTable;
  sla_policies: SlaPoliciesTable;
  ticket_comments: TicketCommentsTable;
  ticket_events: TicketEventsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  saved_filters: SavedFiltersTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  scripts: ScriptsTable;
  jobs: JobsTable;
  job_runs: JobRunsTable;
  file_transfers: FileTransfersTable;
  device_users: DeviceUsersTable;
  enrollment_tokens: EnrollmentTokensTable;
  devices: DevicesTable;
  device_inventory: DeviceInventoryTable;
  inventory_changes: InventoryChangesTable;
  device_software: DeviceSoftwareTable;
  audit_log: AuditLogTable;
}
