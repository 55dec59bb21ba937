import { z } from 'zod';
import { TICKET_LIMITS } from './tickets.js';

/** A reply technicians insert in the reply box and adapt: the desk's usual answers, kept by admins. */
export const CannedReply = z.object({
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(TICKET_LIMITS.commentMax),
});
export type CannedReply = z.infer<typeof CannedReply>;

export const CannedReplies = z
  .array(CannedReply)
  .max(200)
  .refine((list) => new Set(list.map((r) => r.title.toLowerCase())).size === list.length, 'two canned replies have the same title');
export type CannedReplies = z.infer<typeof CannedReplies>;
