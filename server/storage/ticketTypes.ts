import type { Channel, Priority, SlaState, TicketStatus } from '../../shared/api/tickets.js';
import type { DiagnosticsBundle, Finding } from '../../shared/diagnostics/bundle.js';

/** The requester's verdict on a resolved ticket (CSAT): 1 (poor) to 5 (excellent). */
export interface TicketRating {
  ticketId: number;
  score: number;
  comment: string;
  ratedAt: string;
  /** The user who rated (the requester). */
  ratedBy: string;
}

export interface RatingRepo {
  /** Records the rating; false when the ticket was rated already (a rating is given once). */
  add(rating: TicketRating): Promise<boolean>;
  get(ticketId: number): Promise<TicketRating | undefined>;
  forTickets(ticketIds: readonly number[]): Promise<Map<number, TicketRating>>;
}

export interface StoredSla {
  responseDueAt: string | null;
  resolveDueAt: string | null;
  responseRiskAt: string | null;
  resolveRiskAt: string | null;
  paused: boolean;
  breached: boolean;
  met: boolean;
}

export interface Ticket {
  id: number;
  summary: string;
  details: string;
  priority: Priority;
  status: TicketStatus;
  requesterId: string;
  requesterName: string;
  /** Who opened it: the requester, or a technician on their behalf. */
  createdById: string;
  assigneeId: string | null;
  assigneeName: string | null;
  deviceId: string | null;
  channel: Channel;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  sla: StoredSla;
  category: string | null;
  tags: string[];
}

export interface NewTicket {
  summary: string;
  details: string;
  priority: Priority;
  status: TicketStatus;
  requesterId: string;
  createdById: string;
  deviceId: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  channel: Channel;
  /** The SLA policy version it is measured against (null: the built-in default). */
  slaPolicy?: number | null;
  category?: string | null;
  tags?: readonly string[];
}

export interface TicketFilter {
  /** One status, or any of several (the queue's open ones). */
  status?: TicketStatus | readonly TicketStatus[];
  priority?: Priority;
  /** A user id, or null for unassigned. */
  assigneeId?: string | null;
  requesterId?: string;
  deviceId?: string;
  slaState?: SlaState;
  q?: string;
  category?: string;
  tag?: string;
  createdFrom?: string;
  createdTo?: string;
  finding?: string;
  now: string;
  limit: number;
  offset: number;
}

export interface TicketUpdate {
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string | null;
  firstResponseAt?: string;
  resolvedAt?: string | null;
  /** Set by changes people make; a recomputed SLA alone leaves it. */
  updatedAt?: string;
  sla?: StoredSla;
  category?: string | null;
  tags?: readonly string[];
}

export interface TicketEventRecord {
  at: string;
  actor: string | null;
  type: string;
  data: Record<string, unknown>;
}

export interface CommentRecord {
  id: number;
  authorId: string;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: string;
}

export interface TicketRepo {
  create(ticket: NewTicket): Promise<number>;
  findById(id: number): Promise<Ticket | undefined>;
  findByIdempotencyKey(key: string): Promise<Ticket | undefined>;
  list(filter: TicketFilter): Promise<{ tickets: Ticket[]; total: number }>;
  /** Tickets not resolved or closed, counted by priority and SLA state at `now` (for /metrics). */
  openCounts(now: string): Promise<{ priority: Priority; slaState: SlaState; count: number }[]>;
  /** Ids of tickets whose clock may still move (not closed), for recomputing after a policy change. */
  activeIds(): Promise<number[]>;
  /** Tickets created in [from, to), for reports. */
  createdBetween(from: string, to: string): Promise<Ticket[]>;
  update(id: number, update: TicketUpdate): Promise<void>;
  addEvent(ticketId: number, event: TicketEventRecord): Promise<void>;
  events(ticketId: number): Promise<TicketEventRecord[]>;
  addComment(ticketId: number, comment: Omit<CommentRecord, 'id' | 'authorName'>): Promise<number>;
  comments(ticketId: number): Promise<CommentRecord[]>;
  attachDiagnostics(ticketId: number, bundle: DiagnosticsBundle, findings: Finding[]): Promise<void>;
  diagnostics(ticketId: number): Promise<{ bundle: DiagnosticsBundle; findings: Finding[] } | null>;
}
