import type { Generated } from 'kysely';

/** Stored shapes of alerting: the rules admins keep and the alerts they raise per PC. */
export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  /** JSON: the rule's condition (shared/api/alerts.ts). */
  condition: string;
  action: string;
  priority: string;
  grp: string | null;
  for_minutes: number;
  enabled: number;
  created_at: string;
  created_by: string | null;
}

export interface AlertsTable {
  id: Generated<number>;
  rule_id: number;
  device_id: string;
  /** pending (holding, not yet for long enough), active (fired), resolved. */
  state: string;
  detail: string;
  since: string;
  fired_at: string | null;
  resolved_at: string | null;
  ticket_id: number | null;
}
