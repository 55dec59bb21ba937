import type { NotificationKind, NotificationPrefs, OutboxState } from '../../shared/api/mail.js';

/** What happened to a ticket that someone may have to be told: written with the change itself. */
export type NoticeKind = 'created' | 'comment' | 'attachment' | 'status' | 'assigned' | 'priority' | 'sla_risk' | 'sla_breach';

export interface Notice {
  id: number;
  ticketId: number;
  kind: NoticeKind;
  /** The user whose action it was (never told of it); null for the clock. */
  actorId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export type NewNotice = Omit<Notice, 'id'>;

export interface NoticeRepo {
  add(notice: NewNotice): Promise<void>;
  /**
   * The oldest notices not yet turned into messages. Inside a transaction on PostgreSQL they
   * stay locked until it ends and other nodes skip them.
   */
  takePending(limit: number): Promise<Notice[]>;
  markDone(ids: readonly number[]): Promise<void>;
}

export interface NewMail {
  kind: NotificationKind;
  ticketId: number | null;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The ticket's thread: In-Reply-To and References of every message about it. */
  referencesId: string | null;
  createdAt: string;
}

export interface OutboxMessage extends NewMail {
  id: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  claimedAt: string | null;
  sentAt: string | null;
  lastError: string | null;
}

export interface OutboxRepo {
  enqueue(mail: NewMail): Promise<number>;
  /** Takes up to `limit` pending messages due at `now` (pending → sending): no other sender gets them. */
  claim(now: string, limit: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: string): Promise<void>;
  /** The attempt failed before SMTP took it: back to pending, due again at `nextAttemptAt`. */
  markRetry(id: number, error: string, nextAttemptAt: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /**
   * Messages a sender claimed before `claimedBefore` and never marked (it died during the
   * hand-off) become unknown: SMTP may have them, so they are not sent again by themselves.
   */
  abandon(claimedBefore: string, reason: string): Promise<number>;
  /** Failed or unknown → pending now (an admin's "send again"). */
  retry(id: number, now: string): Promise<boolean>;
  list(filter: { state?: OutboxState; limit: number; offset: number }): Promise<{ messages: OutboxMessage[]; total: number }>;
  counts(): Promise<Record<OutboxState, number>>;
  findByMessageId(messageId: string): Promise<OutboxMessage | undefined>;
}

export interface NotificationPrefRepo {
  /** Every kind, on unless the user turned it off. */
  get(userId: string): Promise<NotificationPrefs>;
  set(userId: string, prefs: Partial<NotificationPrefs>): Promise<void>;
  /** Of `userIds`, those who turned `kind` off. */
  optedOut(userIds: readonly string[], kind: NotificationKind): Promise<Set<string>>;
}

export type SlaNoticeKind = 'response_risk' | 'response_breach' | 'resolve_risk' | 'resolve_breach';

export interface SlaNoticeDue {
  ticketId: number;
  notice: SlaNoticeKind;
  dueAt: string;
}

export interface SlaNoticeRepo {
  /** Clocks at risk or breached at `now` on open tickets that nobody was told of yet. */
  due(now: string, limit: number): Promise<SlaNoticeDue[]>;
  /** Records it; false when another node (or an earlier sweep) did already. */
  record(due: SlaNoticeDue): Promise<boolean>;
}

/** What a message read from the mailbox became. */
export type InboundOutcome = 'ticket' | 'comment' | 'ignored' | 'set_aside';

export interface InboundRecord {
  messageId: string;
  receivedAt: string;
  sender: string;
  subject: string;
  outcome: InboundOutcome;
  /** Why it made no ticket or reply (ignored, set aside); null otherwise. */
  reason: string | null;
  ticketId: number | null;
}

export interface InboundRepo {
  /** Remembers a message; false when its Message-ID was remembered before (nothing is written). */
  record(r: InboundRecord): Promise<boolean>;
  find(messageId: string): Promise<InboundRecord | undefined>;
  list(filter: { outcome?: InboundOutcome; limit: number; offset: number }): Promise<{ messages: InboundRecord[]; total: number }>;
}

export interface TicketAttachment {
  id: number;
  ticketId: number;
  commentId: number | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface AttachmentRepo {
  add(a: Omit<TicketAttachment, 'id'> & { data: Buffer }): Promise<number>;
  list(ticketId: number): Promise<TicketAttachment[]>;
  /** With its bytes; undefined when the ticket has no such attachment. */
  get(ticketId: number, id: number): Promise<(TicketAttachment & { data: Buffer }) | undefined>;
}
