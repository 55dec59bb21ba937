import { z } from 'zod';
import { PeriodEdge } from './period.js';
import { SessionView } from './sessions.js';
import { DiagnosticsBundle, Finding } from '../diagnostics/bundle.js';
import { LIMITS } from '../protocol/limits.js';

export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const STATUSES = ['new', 'open', 'waiting', 'resolved', 'closed'] as const;
export const TicketStatus = z.enum(STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Which status may follow which. A closed ticket is final. */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'waiting', 'resolved', 'closed'],
  open: ['waiting', 'resolved', 'closed'],
  waiting: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** How a request reached the desk. */
export const CHANNELS = ['agent', 'web', 'email', 'phone', 'walk-in', 'alert'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const SLA_STATES = ['ok', 'at_risk', 'breached', 'paused', 'met'] as const;
export const SlaState = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof SlaState>;

export const TICKET_LIMITS = { summaryMax: 200, detailsMax: 20_000, commentMax: 20_000 } as const;

/** A tag: a short lowercase word (letters, digits, . _ -), as typed into the ticket's tag box. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a tag is a word of letters, digits, . _ - (at most 40)');
export const Tags = z.array(Tag).max(10, 'at most 10 tags').transform((t) => [...new Set(t)]);
export const CategoryName = z.string().trim().min(1).max(60);

export const CreateTicketRequest = z
  .object({
    summary: z.string().trim().min(3).max(TICKET_LIMITS.summaryMax),
    details: z.string().max(TICKET_LIMITS.detailsMax).default(''),
    priority: Priority.default('normal'),
    deviceId: z.string().uuid().optional(),
    requester: z.string().max(LIMITS.usernameMax).optional().describe('username; technicians open tickets on behalf of someone'),
    channel: Channel.optional().describe('how the request came in (technicians: phone, walk-in, …); default web'),
    category: CategoryName.optional().describe('one of the categories an admin defined'),
    tags: Tags.optional().describe('technicians only'),
  })
  .strict();

export const TicketPatch = z
  .object({
    status: TicketStatus.optional(),
    priority: Priority.optional(),
    assigneeId: z.string().nullable().optional(),
    category: CategoryName.nullable().optional(),
    tags: Tags.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one of status, priority, assigneeId, category, tags');

export const CommentRequest = z
  .object({
    body: z.string().trim().min(1).max(TICKET_LIMITS.commentMax),
    internal: z.boolean().default(false).describe('a note technicians see, the requester does not'),
    basedOn: z.string().max(40).optional().describe("the ticket's updatedAt when the reply was begun: refused with 409 ticket_changed if it changed since"),
  })
  .strict();

const Person = z.object({ id: z.string(), username: z.string() });

export const TicketView = z.object({
  id: z.number().int(),
  summary: z.string(),
  priority: Priority,
  status: TicketStatus,
  requester: Person,
  assignee: Person.nullable(),
  deviceId: z.string().nullable(),
  channel: Channel,
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  responseDueAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  slaState: SlaState,
  category: z.string().nullable(),
  tags: z.array(z.string()),
});
export type TicketView = z.infer<typeof TicketView>;

export const TicketComment = z.object({
  id: z.number().int(),
  author: Person,
  body: z.string(),
  internal: z.boolean(),
  createdAt: z.string(),
});

export const TicketEvent = z.object({
  at: z.string(),
  actor: z.string().nullable(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const AttachmentView = z.object({
  id: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** The reply it came with; null when it came with the request. */
  commentId: z.number().int().nullable(),
  createdAt: z.string(),
});

/** The requester's rating of how a ticket was handled (CSAT), given once it is resolved. */
export const TicketRatingView = z.object({ score: z.number().int().min(1).max(5), comment: z.string(), ratedAt: z.string() });

export const TicketDetail = TicketView.extend({
  details: z.string(),
  comments: z.array(TicketComment),
  timeline: z.array(TicketEvent),
  diagnostics: DiagnosticsBundle.nullable(),
  findings: z.array(Finding),
  /** The latest inventory changes of the ticket's workstation (which sections, when). */
  inventoryChanges: z.array(z.object({ at: z.string(), sections: z.array(z.string()) })),
  /** FAQ articles that answer one of the findings. */
  suggestedArticles: z.array(z.object({ id: z.number().int(), title: z.string(), finding: z.string() })),
  /** Remote shells opened for this ticket, newest first (staff only). */
  sessions: z.array(SessionView),
  /** Files that came with the request or a reply (by email); downloaded from …/attachments/:id. */
  attachments: z.array(AttachmentView),
  rating: TicketRatingView.nullable(),
});

/** The requester's answer to a resolution: fixed closes the ticket, not fixed reopens it with why. */
export const ConfirmRequest = z
  .object({
    fixed: z.boolean(),
    comment: z.string().trim().max(TICKET_LIMITS.commentMax).optional().describe('what is still wrong (required when not fixed)'),
  })
  .strict()
  .refine((c) => c.fixed || !!c.comment, { message: 'say what is still wrong when it is not fixed', path: ['comment'] });

export const RatingRequest = z
  .object({
    score: z.number().int().min(1, 'a score from 1 to 5').max(5, 'a score from 1 to 5'),
    comment: z.string().trim().max(2_000).default(''),
  })
  .strict();

/** `POST /api/v1/tickets/:id/attachments?filename=…`: the body is the file itself. */
export const AttachmentUploadQuery = z.object({
  filename: z.string().min(1, 'expected the file name').max(400),
});

export const AttachmentParams = z.object({ id: z.coerce.number().int().positive('expected a ticket number'), attachmentId: z.coerce.number().int().positive() });

export const TicketListQuery = z.object({
  status: z.union([TicketStatus, z.literal('active')]).optional().describe('a status, or "active" for new, open and waiting'),
  priority: Priority.optional(),
  assignee: z.string().max(LIMITS.usernameMax).optional().describe('a username, or "none" for unassigned'),
  device: z.string().uuid().optional(),
  slaState: SlaState.optional(),
  q: z.string().max(LIMITS.shortText).optional().describe('text in the summary or details'),
  category: z.string().max(60).optional(),
  tag: Tag.optional(),
  createdFrom: PeriodEdge('from').optional().describe('opened at or after (a date is its first moment, UTC)'),
  createdTo: PeriodEdge('to').optional().describe('opened before (a date includes that whole day, UTC)'),
  finding: z.string().max(60).optional().describe('a finding code in the ticket’s diagnostics, e.g. disk_full'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketIdParams = z.object({ id: z.coerce.number().int().positive('expected a ticket number') });

/** The categories an admin defines; a ticket has at most one of them. */
export const TicketCategories = z
  .array(CategoryName)
  .max(100)
  .refine((list) => new Set(list.map((c) => c.toLowerCase())).size === list.length, 'each category once');
