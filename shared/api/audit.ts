import { z } from 'zod';
import { PeriodEdge } from './period.js';

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** What the target is called (a user's name, a PC's hostname, a ticket's number) when it is known. */
  targetName: z.string().nullable(),
});
export const AuditList = z.array(AuditEntry);
export const AuditQuery = z.object({
  action: z.string().max(64).optional().describe('exactly this action'),
  actor: z.string().max(64).optional().describe('exactly this username'),
  q: z.string().trim().max(200).optional().describe('text anywhere in the action, actor, target or details, without case'),
  from: PeriodEdge('from').optional().describe('entries at or after (a date is its first moment, UTC)'),
  to: PeriodEdge('to').optional().describe('entries before (a date includes that whole day, UTC)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  before: z.coerce.number().int().positive().optional().describe('entries with an id below this, for paging'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
