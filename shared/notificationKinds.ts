/**
 * What a person can be told by email. The first four go to requesters, the rest to technicians
 * and admins; each user may turn any of them off (all are on until they do). Kept apart from
 * the zod schemas so the console can list them without loading zod.
 */
export const NOTIFICATION_KINDS = [
  'ticket_opened',
  'public_reply',
  'waiting_on_you',
  'resolved',
  'new_ticket',
  'assigned',
  'requester_replied',
  'sla_at_risk',
  'sla_breached',
  'alert',
] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];
