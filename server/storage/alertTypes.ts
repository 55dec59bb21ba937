import type { AlertCondition } from '../../shared/api/alerts.js';
import type { Priority } from '../../shared/api/tickets.js';

export interface AlertRule {
  id: number;
  name: string;
  condition: AlertCondition;
  action: 'ticket' | 'notify';
  priority: Priority;
  group: string | null;
  forMinutes: number;
  enabled: boolean;
  createdAt: string;
  createdBy: string | null;
}

export type AlertState = 'pending' | 'active' | 'resolved';

export interface Alert {
  id: number;
  ruleId: number;
  rule: string;
  deviceId: string;
  device: string;
  state: AlertState;
  detail: string;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  ticketId: number | null;
}

export interface AlertRepo {
  rules(): Promise<AlertRule[]>;
  findRule(id: number): Promise<AlertRule | undefined>;
  addRule(r: Omit<AlertRule, 'id'>): Promise<number>;
  updateRule(id: number, r: Omit<AlertRule, 'id' | 'createdAt' | 'createdBy'>): Promise<boolean>;
  deleteRule(id: number): Promise<boolean>;
  /** The pending and active alerts (at most one per rule and PC). */
  open(): Promise<Alert[]>;
  /** A new pending alert; throws a unique violation when the rule already has one open on that PC. */
  addPending(a: { ruleId: number; deviceId: string; detail: string; since: string }): Promise<number>;
  /** pending → active; false when another node fired it first. */
  fire(id: number, at: string, ticketId: number | null): Promise<boolean>;
  /** Open → resolved; false when it was resolved already. */
  resolve(id: number, at: string): Promise<boolean>;
  setDetail(id: number, detail: string): Promise<void>;
  /** A pending alert whose condition cleared before it fired: nothing to keep. */
  dropPending(id: number): Promise<void>;
  list(f: { state: AlertState; deviceId?: string; ruleId?: number; limit: number; offset: number }): Promise<{ alerts: Alert[]; total: number }>;
  /** PCs (not revoked) with a package whose name contains this, without case. */
  devicesWithSoftware(name: string): Promise<Set<string>>;
}
