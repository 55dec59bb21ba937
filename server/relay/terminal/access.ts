import { z } from 'zod';
import { describeZodError } from '../../../shared/protocol/codec.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { hasRole } from '../../../shared/roles.js';
import { AppError } from '../../errors.js';
import type { Device, Store, Ticket, User } from '../../storage/types.js';

/** The query string of `/ws/terminal`. */
export const TerminalQuery = z.object({
  device: z.string().uuid('expected a device id'),
  ticket: z.coerce.number().int().positive('expected a ticket number').optional(),
  cols: z.coerce.number().int().min(1).max(100_000).optional(),
  rows: z.coerce.number().int().min(1).max(100_000).optional(),
  reason: z.string().trim().max(500).optional(),
});
export type TerminalQuery = z.infer<typeof TerminalQuery>;

export function parseTerminalQuery(url: string): TerminalQuery {
  const params = Object.fromEntries(new URL(url, 'http://localhost').searchParams);
  const parsed = TerminalQuery.safeParse(params);
  if (!parsed.success) throw new AppError(ErrorCode.invalidInput, describeZodError(parsed.error, 'query'));
  return parsed.data;
}

const OPEN_STATUSES = new Set(['new', 'open', 'waiting']);

/** A technician works on a PC through a ticket that is theirs or nobody's yet. */
function ticketAllows(ticket: Ticket, user: User): boolean {
  return OPEN_STATUSES.has(ticket.status) && (ticket.assigneeId === null || ticket.assigneeId === user.id);
}

/**
 * Who may open a shell where: technicians and admins only; the device enrolled and not revoked;
 * an admin on any device, a technician only through an open ticket of that device assigned to
 * them or unassigned. Returns the device and the ticket the session is linked to.
 */
export async function authorizeShell(store: Store, user: User, q: TerminalQuery): Promise<{ device: Device; ticket: Ticket | null }> {
  if (!hasRole(user.role, 'technician')) throw new AppError(ErrorCode.forbidden, 'only technicians and admins may open a remote shell');
  const device = await store.devices.findById(q.device);
  if (!device) throw new AppError(ErrorCode.notFound, `device ${q.device} not found`);
  if (device.revokedAt) throw new AppError(ErrorCode.deviceRevoked, `device ${device.hostname} was revoked`);

  let ticket: Ticket | null = null;
  if (q.ticket !== undefined) {
    ticket = (await store.tickets.findById(q.ticket)) ?? null;
    if (!ticket) throw new AppError(ErrorCode.notFound, `ticket ${q.ticket} not found`);
    if (ticket.deviceId !== device.id) throw new AppError(ErrorCode.invalidInput, `ticket ${ticket.id} is not about device ${device.hostname}`);
  }
  if (user.role === 'admin') return { device, ticket };

  if (ticket) {
    if (!ticketAllows(ticket, user)) {
      throw new AppError(ErrorCode.forbidden, `ticket ${ticket.id} is closed or assigned to someone else`);
    }
    return { device, ticket };
  }
  const { tickets } = await store.tickets.list({ deviceId: device.id, now: new Date().toISOString(), limit: 500, offset: 0 });
  if (!tickets.some((t) => ticketAllows(t, user))) {
    throw new AppError(ErrorCode.forbidden, `no open ticket of ${device.hostname} is assigned to you or unassigned`);
  }
  return { device, ticket: null };
}
