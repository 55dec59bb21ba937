import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { deriveFindings } from '../../shared/diagnostics/findings.js';
import type { TicketCreate } from '../../shared/protocol/messages.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Store, Ticket, User } from '../storage/types.js';
import { createUser } from './createUser.js';
import { openTicket } from './openTicket.js';

const clean = (s: string) => s.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64);

/**
 * The employee behind a request from a PC: the device credential vouches for the PC, the OS
 * user name for the person. An employee account of that name is used when one exists; otherwise
 * one is made for "user@host" (never an account of a higher role, whatever the OS user is called).
 */
async function requesterFor(store: Store, osUser: string, hostname: string): Promise<User> {
  const usable = (u: User): User => {
    // A disabled or deleted person does not get back in through a PC.
    if (u.disabledAt || u.deletedAt) throw new AppError(ErrorCode.accountDisabled, `the account "${u.username}" is ${u.deletedAt ? 'deleted' : 'disabled'}: ask an admin`);
    return u;
  };
  const plain = await store.users.findByUsername(clean(osUser));
  if (plain?.role === 'employee') return usable(plain);
  const username = clean(`${osUser}@${hostname}`);
  const existing = await store.users.findByUsername(username);
  if (existing) return usable(existing);
  try {
    return await createUser(store, { username, role: 'employee', password: randomBytes(24).toString('base64url') }, 'agent');
  } catch (err) {
    // Created by a concurrent request a moment ago; any other failure is the caller's to see.
    const raced = await store.users.findByUsername(username);
    if (raced) return raced;
    throw err;
  }
}

/** Opens (once) the ticket for a get-help request sent by an agent, with its diagnostics and findings. */
export async function openHelpRequest(
  store: Store,
  device: { id: string; hostname: string },
  m: z.infer<typeof TicketCreate>,
): Promise<Ticket> {
  const requester = await requesterFor(store, m.osUser, device.hostname);
  const { ticket } = await openTicket(
    store,
    requester,
    { summary: m.summary, details: m.details, priority: m.urgency, deviceId: device.id },
    `${device.id}:${m.requestId}`,
  );
  // Checked rather than tied to "created": a resend after a crash between the two writes completes the ticket.
  if (m.diagnostics && !(await store.tickets.diagnostics(ticket.id))) {
    await store.tickets.attachDiagnostics(ticket.id, m.diagnostics, deriveFindings(m.diagnostics));
  }
  return ticket;
}
