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

type Refusal = { code: ErrorCode; message: string };

/**
 * The rule, once: may this technician open a shell on this PC through this ticket? Admins may on
 * any PC. A technician needs an open ticket about that PC that she has taken (assigned to
 * herself, which is audited) and did not open herself: a ticket of her own making, or one nobody
 * has taken, is not a reason to enter someone's PC.
 */
export function shellRefusal(
  user: Pick<User, 'id' | 'role'>,
  device: Pick<Device, 'id' | 'hostname'>,
  ticket: Pick<Ticket, 'id' | 'status' | 'deviceId' | 'assigneeId' | 'createdById'> | null,
): Refusal | null {
  if (!hasRole(user.role, 'technician')) return { code: ErrorCode.forbidden, message: 'only technicians and admins may open a remote shell' };
  if (ticket && ticket.deviceId !== device.id) return { code: ErrorCode.invalidInput, message: `ticket ${ticket.id} is not about device ${device.hostname}` };
  if (user.role === 'admin') return null;
  if (!ticket) return { code: ErrorCode.forbidden, message: 'technicians open a shell through a ticket of this PC assigned to them: name it' };
  if (!OPEN_STATUSES.has(ticket.status)) return { code: ErrorCode.forbidden, message: `ticket ${ticket.id} is ${ticket.status}` };
  if (ticket.createdById === user.id) return { code: ErrorCode.forbidden, message: `ticket ${ticket.id} was opened by you: a ticket of your own does not let you into a PC` };
  if (ticket.assigneeId === null) return { code: ErrorCode.forbidden, message: `ticket ${ticket.id} is unassigned: assign it to yourself first` };
  if (ticket.assigneeId !== user.id) return { code: ErrorCode.forbidden, message: `ticket ${ticket.id} is assigned to someone else` };
  return null;
}

/**
 * Who may open a shell where (see shellRefusal): the device must be enrolled and not revoked.
 * Without a named ticket, a technician is let in through the device's open ticket that the rule
 * allows, if there is one. Returns the device and the ticket the session is linked to.
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
  } else if (user.role !== 'admin') {
    const { tickets } = await store.tickets.list({ deviceId: device.id, assigneeId: user.id, now: new Date().toISOString(), limit: 500, offset: 0 });
    ticket = tickets.find((t) => shellRefusal(user, device, t) === null) ?? null;
    if (!ticket) throw new AppError(ErrorCode.forbidden, `no open ticket of ${device.hostname} is assigned to you (and opened by someone else)`);
  }
  const refusal = shellRefusal(user, device, ticket);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  return { device, ticket };
}
