import type { TicketActivity } from '../../shared/api/live.js';
import type { AgentHub } from '../relay/agentHub.js';

/**
 * What the person at a PC is told of: a technician's public reply or status change on a ticket
 * from that PC. Their own actions, internal notes and the SLA clock are not news to them.
 */
export function pushToAgent(hub: Pick<AgentHub, 'connection'>, a: TicketActivity): boolean {
  if (!a.deviceId || a.actorId === a.requesterId) return false;
  if (a.change !== 'comment' && a.change !== 'status') return false;
  if (a.change === 'comment' && a.internal) return false;
  // In a cluster every node hears the change; the one holding the agent's socket tells it.
  const conn = hub.connection(a.deviceId);
  if (!conn) return false;
  conn.send({ type: 'ticket.activity', ticketId: a.ticketId, change: a.change, status: a.status });
  return true;
}
