import { z } from 'zod';
import { FINDING_NAMES } from '../diagnostics/findingCodes.js';
import { Priority } from './tickets.js';

/**
 * What an alert rule watches on every PC. Inventory (disk use, installed software), presence
 * (offline since), and the PC's latest diagnostics bundle (memory pressure and a pending restart
 * are findings of that bundle, sent with each Get-help request).
 */
export const AlertCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disk'), minPct: z.number().min(1).max(100).describe('a volume at least this full') }).strict(),
  z.object({ kind: z.literal('memory'), minPct: z.number().min(1).max(100).describe('memory in use at least this share (the agent reports it every few minutes)') }).strict(),
  z.object({ kind: z.literal('reboot_pending'), days: z.number().min(0).max(365).describe('a restart pending for at least this many days') }).strict(),
  z.object({ kind: z.literal('offline'), minutes: z.number().int().min(1).max(525_600).describe('not seen for this long') }).strict(),
  z.object({ kind: z.literal('finding'), code: z.enum(Object.keys(FINDING_NAMES) as [keyof typeof FINDING_NAMES, ...(keyof typeof FINDING_NAMES)[]]) }).strict(),
  z.object({ kind: z.literal('software_present'), name: z.string().trim().min(1).max(200).describe('a package whose name contains this, without case') }).strict(),
  z.object({ kind: z.literal('software_absent'), name: z.string().trim().min(1).max(200).describe('no package whose name contains this, without case') }).strict(),
]);
export type AlertCondition = z.infer<typeof AlertCondition>;

export const AlertAction = z.enum(['ticket', 'notify']);

export const AlertRuleInput = z
  .object({
    name: z.string().trim().min(1, 'expected a name').max(100),
    condition: AlertCondition,
    /** `ticket`: opens one ticket per PC while the alert lasts; `notify`: emails the technicians. */
    action: AlertAction,
    /** The priority of the tickets it opens. */
    priority: Priority.default('normal'),
    /** Only PCs of this group; null: every PC. */
    group: z.string().max(100).nullable().default(null),
    /** The condition must hold this long before the alert fires (a pending restart for days). */
    forMinutes: z.number().int().min(0).max(525_600).default(0),
    enabled: z.boolean().default(true),
  })
  .strict();
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;

export const AlertRuleView = AlertRuleInput.extend({ id: z.number().int(), createdAt: z.string(), createdBy: z.string().nullable() });
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const AlertState = z.enum(['pending', 'active', 'resolved']);

export const AlertView = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  rule: z.string(),
  deviceId: z.string(),
  device: z.string(),
  state: AlertState,
  /** What was found, in words ("/ is 93% full"). */
  detail: z.string(),
  /** Since when the condition holds. */
  since: z.string(),
  firedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  ticketId: z.number().int().nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertListQuery = z.object({
  state: AlertState.default('active'),
  device: z.string().uuid().optional(),
  rule: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AlertRuleParams = z.object({ id: z.coerce.number().int().positive('expected an alert rule id') });
