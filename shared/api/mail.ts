import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../notificationKinds.js';
import { Email } from './auth.js';

export { NOTIFICATION_KINDS };
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationPrefs = z.record(NotificationKind, z.boolean());
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;
/** A change to some of them; kinds not named keep their setting. */
export const NotificationPrefsPatch = z.partialRecord(NotificationKind, z.boolean()).refine((p) => Object.keys(p).length > 0, 'name at least one kind');

/** Who hears of a new ticket: every technician and admin (each by their own preference), or one team address. */
export const MailSettings = z
  .object({
    newTicketTo: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('technicians') }).strict(),
      z.object({ mode: z.literal('address'), address: Email }).strict(),
    ]),
  })
  .strict();
export type MailSettings = z.infer<typeof MailSettings>;
export const DEFAULT_MAIL_SETTINGS: MailSettings = { newTicketTo: { mode: 'technicians' } };

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
export const OutboxState = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxState>;

export const OutboxQuery = z
  .object({
    state: OutboxState.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const OutboxMessageView = z.object({
  id: z.number().int(),
  kind: NotificationKind,
  ticketId: z.number().int().nullable(),
  recipient: z.string(),
  subject: z.string(),
  state: OutboxState,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMessageView = z.infer<typeof OutboxMessageView>;

export const MailStatus = z.object({
  outbound: z.object({
    configured: z.boolean(),
    /** The SMTP server as configured, without credentials. */
    server: z.string().nullable(),
    from: z.string().nullable(),
    /** ok: the last hand-off worked; failing: the last one failed (lastError says why). */
    state: z.enum(['off', 'idle', 'ok', 'failing']),
    lastError: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    counts: z.record(OutboxState, z.number().int()),
  }),
  inbound: z.object({
    configured: z.boolean(),
    /** The IMAP server and folder as configured, without credentials. */
    server: z.string().nullable(),
    folder: z.string().nullable(),
    state: z.enum(['off', 'connecting', 'ok', 'failing']),
    lastError: z.string().nullable(),
    /** When the mailbox was last read to its end. */
    lastCheckAt: z.string().nullable(),
  }),
});
export type MailStatus = z.infer<typeof MailStatus>;

export const INBOUND_OUTCOMES = ['ticket', 'comment', 'ignored', 'set_aside'] as const;
export const InboundQuery = z
  .object({
    outcome: z.enum(INBOUND_OUTCOMES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export const InboundMessageView = z.object({
  messageId: z.string(),
  receivedAt: z.string(),
  sender: z.string(),
  subject: z.string(),
  outcome: z.enum(INBOUND_OUTCOMES),
  reason: z.string().nullable(),
  ticketId: z.number().int().nullable(),
});
export type InboundMessageView = z.infer<typeof InboundMessageView>;
