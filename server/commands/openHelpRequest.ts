import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { deriveFindings } from '../../shared/diagnostics/findings.js';
import type { TicketCreate } from '../../shared/protocol/messages.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Store, Ticket, User } from '../storage/types.js';
import { audit } from './audit.js';
import { createUser } from './createUser.js';
import { openTicket } from './openTicket.js';

const clean = (s: string) => s.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64);

/** The account names a PC's OS user may stand for: an employee of that name, or "user@host". */
export const accountNamesFor = (osUser: string, hostname: string): string[] => [clean(osUser), clean(`${osUser}@${hostname}`)];

/**
 * The account a PC's OS user stands for, if the server has one: the employee of that name, else
 * whatever account is named "user@host" (the caller refuses one that is not an employee).
 */
export async function knownAccountFor(store: Store, osUser: string, hostname: string): Promise<User | undefined> {
  const [plainName, hostName] = accountNamesFor(osUser, hostname);
  const plain = await store.users.findByUsername(plainName!);
  return plain?.role === 'employee' ? plain : store.users.findByUsername(hostName!);
}

/** Accounts a PC's requests may create in an hour, by naming OS users the server did not know. */
export const NEW_ACCOUNTS_PER_DEVICE_HOUR = 5;
/** The setting "trust the PC's users": a PC's word links a person to it without an admin. */
export const TRUST_PC_USERS = 'trustPcUsers';

export async function trustsPcUsers(store: Pick<Store, 'settings'>): Promise<boolean> {
  return (await store.settings.get(TRUST_PC_USERS)) !== false;
}

/**
 * The person behind a request from a PC. The device credential vouches for the PC; the OS user
 * name is only the PC's word, so it acts only for people linked to it: an employee account of
 * that name, or one made for "user@host" (at most NEW_ACCOUNTS_PER_DEVICE_HOUR an hour), never a
 * technician or admin account. A new link counts once confirmed, by the "trust the PC's users"
 * policy or by an admin.
 */
async function requesterFor(store: Store, device: { id: string; hostname: string }, osUser: string): Promise<User> {
  const username = clean(`${osUser}@${device.hostname}`);
  let user = await knownAccountFor(store, osUser, device.hostname);
  if (user && user.role !== 'employee') {
    await audit(store, `device:${device.hostname}`, 'device.user_refused', user.username, { deviceId: device.id, why: 'not an employee account' });
    throw new AppError(ErrorCode.forbidden, `this PC cannot act for "${user.username}": it is not an employee account`);
  }
  if (user?.disabledAt || user?.deletedAt) {
    throw new AppError(ErrorCode.accountDisabled, `the account "${user.username}" is ${user.deletedAt ? 'deleted' : 'disabled'}: ask an admin`);
  }
  let created = false;
  if (!user) {
    const since = new Date(Date.now() - 60 * 60_000).toISOString();
    if ((await store.deviceUsers.accountsCreatedSince(device.id, since)) >= NEW_ACCOUNTS_PER_DEVICE_HOUR) {
      await audit(store, `device:${device.hostname}`, 'device.user_refused', username, { deviceId: device.id, why: 'new account cap' });
      throw new AppError(
        ErrorCode.rateLimited,
        `this PC already made ${NEW_ACCOUNTS_PER_DEVICE_HOUR} new accounts in the last hour; an admin can add "${username}"`,
      );
    }
    try {
      user = await createUser(store, { username, role: 'employee', password: randomBytes(24).toString('base64url') }, `device:${device.hostname}`);
      created = true;
    } catch (err) {
      // Created by a concurrent request a moment ago; any other failure is the caller's to see.
      user = await store.users.findByUsername(username);
      if (!user) throw err;
    }
  }
  const link = await store.deviceUsers.find(device.id, user.id);
  if (!link) {
    const trusted = await trustsPcUsers(store);
    await store.deviceUsers.link({ deviceId: device.id, userId: user.id, at: new Date().toISOString(), confirmedBy: trusted ? 'policy' : null, createdAccount: created });
    await audit(store, `device:${device.hostname}`, 'device.user_link', user.username, { deviceId: device.id, confirmed: trusted });
    if (!trusted) throw unconfirmed(user.username);
  } else if (!link.confirmedAt) throw unconfirmed(user.username);
  return user;
}

const unconfirmed = (username: string) =>
  new AppError(ErrorCode.forbidden, `"${username}" is not yet confirmed as a user of this PC: an admin confirms it on the device page`);

/** Opens (once) the ticket for a get-help request sent by an agent, with its diagnostics and findings. */
export async function openHelpRequest(
  store: Store,
  device: { id: string; hostname: string },
  m: z.infer<typeof TicketCreate>,
): Promise<Ticket> {
  const requester = await requesterFor(store, device, m.osUser);
  const { ticket } = await openTicket(
    store,
    requester,
    { summary: m.summary, details: m.details, priority: m.urgency, deviceId: device.id },
    `${device.id}:${m.requestId}`,
    { channel: 'agent' },
  );
  // Checked rather than tied to "created": a resend after a crash between the two writes completes the ticket.
  if (m.diagnostics && !(await store.tickets.diagnostics(ticket.id))) {
    await store.tickets.attachDiagnostics(ticket.id, m.diagnostics, deriveFindings(m.diagnostics));
  }
  return ticket;
}
