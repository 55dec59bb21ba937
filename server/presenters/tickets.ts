import type { z } from 'zod';
import type { TicketComment, TicketDetail, TicketEvent, TicketView } from '../../shared/api/tickets.js';
import type { DiagnosticsBundle, Finding } from '../../shared/diagnostics/bundle.js';
import { slaStateAt } from '../sla/clock.js';
import type { CommentRecord, StoredSla, Ticket, TicketEventRecord } from '../storage/types.js';

const ms = (t: string | null) => (t === null ? null : Date.parse(t));

export function slaState(sla: StoredSla, now: number) {
  return slaStateAt(
    {
      responseDueAt: ms(sla.responseDueAt),
      resolveDueAt: ms(sla.resolveDueAt),
      responseRiskAt: ms(sla.responseRiskAt),
      resolveRiskAt: ms(sla.resolveRiskAt),
      paused: sla.paused,
      breached: sla.breached,
      met: sla.met,
    },
    now,
  );
}

export const presentTicket = (t: Ticket, now = Date.now()): TicketView => ({
  id: t.id,
  summary: t.summary,
  priority: t.priority,
  status: t.status,
  requester: { id: t.requesterId, username: t.requesterName },
  assignee: t.assigneeId ? { id: t.assigneeId, username: t.assigneeName ?? '' } : null,
  deviceId: t.deviceId,
  channel: t.channel,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  firstResponseAt: t.firstResponseAt,
  resolvedAt: t.resolvedAt,
  responseDueAt: t.sla.responseDueAt,
  resolveDueAt: t.sla.resolveDueAt,
  slaState: slaState(t.sla, now),
  category: t.category,
  tags: t.tags,
});

export const presentComment = (c: CommentRecord): z.infer<typeof TicketComment> => ({
  id: c.id,
  author: { id: c.authorId, username: c.authorName },
  body: c.body,
  internal: c.internal,
  createdAt: c.createdAt,
});

/** The detail view; `staff` decides whether internal notes (and their events) are shown. */
export function presentTicketDetail(
  t: Ticket,
  comments: CommentRecord[],
  events: TicketEventRecord[],
  diagnostics: { bundle: DiagnosticsBundle; findings: Finding[] } | null,
  staff: boolean,
  extras: Partial<Pick<z.infer<typeof TicketDetail>, 'suggestedArticles' | 'inventoryChanges' | 'sessions' | 'attachments' | 'rating'>> = {},
): z.infer<typeof TicketDetail> {
  const visible = (internal: unknown) => staff || internal !== true;
  return {
    ...presentTicket(t),
    details: t.details,
    comments: comments.filter((c) => visible(c.internal)).map(presentComment),
    timeline: events.filter((e) => visible(e.data.internal)).map((e): z.infer<typeof TicketEvent> => ({ ...e })),
    diagnostics: diagnostics?.bundle ?? null,
    findings: diagnostics?.findings ?? [],
    suggestedArticles: extras.suggestedArticles ?? [],
    inventoryChanges: extras.inventoryChanges ?? [],
    sessions: extras.sessions ?? [],
    attachments: extras.attachments ?? [],
    rating: extras.rating ?? null,
  };
}
