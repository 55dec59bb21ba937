import type { TicketActivity } from '../../../shared/api/live.js';
import type { Role } from '../../../shared/roles.js';

/** What a technician is told of by a browser notification, if anything. */
export function alertFor(a: TicketActivity, me: { id: string; role: Role }): string | null {
  if (a.actorId === me.id) return null;
  const mine = a.assigneeId === me.id;
  if (a.change === 'assigned' && mine) return `#${a.ticketId} was assigned to you`;
  if (a.change === 'comment' && !a.internal && a.actorId === a.requesterId && (mine || a.assigneeId === null)) return `#${a.ticketId}: the requester replied`;
  if (a.change === 'sla_breach' && (mine || a.assigneeId === null || me.role === 'admin')) return `#${a.ticketId} missed its SLA target`;
  return null;
}
