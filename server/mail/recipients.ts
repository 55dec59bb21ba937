import type { MailSettings } from '../../shared/api/mail.js';
import { hasRole } from '../../shared/roles.js';
import type { Notice, Ticket, User } from '../storage/types.js';
import type { TicketNotificationKind } from './templates.js';

/** One message to send: to a user (whose preference counts) or to the team address. */
export interface Recipient {
  kind: TicketNotificationKind;
  user: User | null;
  address: string;
}

export interface Audience {
  ticket: Ticket;
  requester: User | undefined;
  assignee: User | undefined;
  /** Every account, for the technicians and admins among them. */
  staff: readonly User[];
  settings: MailSettings;
}

const reachable = (u: User | undefined): u is User & { email: string } => !!u && !!u.email && !u.deletedAt && !u.disabledAt;

/**
 * Who is told of a notice, and as what. Internal notes reach no requester; nobody is told of
 * their own action (the requester's own confirmation of a new request aside); escalation goes
 * to the assignee first, and to the admins once a target is missed.
 */
export function recipientsOf(notice: Notice, a: Audience): Recipient[] {
  const out: Recipient[] = [];
  const add = (kind: TicketNotificationKind, user: User | undefined) => {
    if (reachable(user) && user.id !== notice.actorId && !out.some((r) => r.user?.id === user.id)) out.push({ kind, user, address: user.email });
  };
  const technicians = a.staff.filter((u) => hasRole(u.role, 'technician'));
  const admins = a.staff.filter((u) => u.role === 'admin');
  const team = (kind: TicketNotificationKind) => {
    if (a.settings.newTicketTo.mode === 'address') out.push({ kind, user: null, address: a.settings.newTicketTo.address });
    else for (const u of technicians) add(kind, u);
  };
  const requesterAct = notice.actorId !== null && notice.actorId === a.ticket.requesterId;

  switch (notice.kind) {
    case 'created':
      if (reachable(a.requester)) out.push({ kind: 'ticket_opened', user: a.requester, address: a.requester.email });
      team('new_ticket');
      break;
    case 'comment':
      if (notice.data.internal === true) break;
      if (requesterAct) {
        if (a.assignee) add('requester_replied', a.assignee);
        else team('requester_replied');
      } else add('public_reply', a.requester);
      break;
    case 'status':
      if (requesterAct) break;
      if (notice.data.to === 'waiting') add('waiting_on_you', a.requester);
      else if (notice.data.to === 'resolved') add('resolved', a.requester);
      break;
    case 'assigned':
      if (a.assignee && notice.data.to === a.assignee.id) add('assigned', a.assignee);
      break;
    case 'sla_risk':
      if (a.assignee) add('sla_at_risk', a.assignee);
      else for (const u of admins) add('sla_at_risk', u);
      break;
    case 'sla_breach':
      add('sla_breached', a.assignee);
      for (const u of admins) add('sla_breached', u);
      break;
  }
  return out;
}
