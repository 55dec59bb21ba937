import { randomUUID } from 'node:crypto';
import { changeStatus } from '../commands/updateTicket.js';
import { NO_SIGN_IN } from '../commands/createContact.js';
import { openTicket } from '../commands/openTicket.js';
import { refreshSla } from '../commands/ticketSla.js';
import type { Logger } from '../logger.js';
import { isUniqueViolation } from '../storage/errors.js';
import type { Alert, AlertRule, Device, Store, User } from '../storage/types.js';
import { holds } from './conditions.js';
import { alertMail, type AlertMailOptions } from './mail.js';

/** The account alert tickets are opened by: a contact, so it never signs in nor shows as staff. */
export const ALERTS_USERNAME = 'deskside-alerts';

async function alertsUser(store: Store): Promise<User> {
  const found = await store.users.findByUsername(ALERTS_USERNAME);
  if (found) return found;
  const user: User = {
    id: randomUUID(),
    username: ALERTS_USERNAME,
    role: 'employee',
    passwordHash: NO_SIGN_IN,
    createdAt: new Date().toISOString(),
    email: null,
    disabledAt: null,
    deletedAt: null,
    tokenVersion: 0,
    name: 'Deskside alerts',
    phone: null,
    twoFactor: false,
    contact: true,
  };
  try {
    await store.users.create(user);
    return user;
  } catch (err) {
    // Another node made it first.
    if (!isUniqueViolation(err)) throw err;
    return (await store.users.findByUsername(ALERTS_USERNAME))!;
  }
}

/**
 * One look at every enabled rule on every PC (not revoked): a condition that starts holding
 * opens a pending alert; one that held for the rule's `forMinutes` fires it (a ticket, or email
 * to the technicians); one that clears resolves it, and its ticket with a timeline event. Every
 * step is conditional in the database (one open alert per rule and PC, pending → active once),
 * so nodes of a cluster sweeping at once neither double an alert nor its ticket.
 */
export async function sweepAlerts(store: Store, o: { logger: Logger; mail: AlertMailOptions; now?: Date }): Promise<{ fired: number; resolved: number }> {
  const now = o.now ?? new Date();
  const at = now.toISOString();
  const rules = (await store.alerts.rules()).filter((r) => r.enabled);
  const open = await store.alerts.open();
  const counts = { fired: 0, resolved: 0 };
  const kept = new Set<number>();
  if (rules.length > 0) {
    const { devices } = await store.devices.list({ limit: 1_000_000, offset: 0 });
    const openOf = new Map(open.map((a) => [`${a.ruleId}:${a.deviceId}`, a]));
    for (const rule of rules) {
      const c = rule.condition;
      const withPackage = c.kind === 'software_present' || c.kind === 'software_absent' ? await store.alerts.devicesWithSoftware(c.name) : null;
      for (const device of devices) {
        if (rule.group !== null && device.group !== rule.group) continue;
        // A PC that never sent an inventory has no software list to be missing from.
        if (c.kind === 'software_absent' && !device.inventoryAt) continue;
        const detail = holds(c, { device, now: now.getTime(), ...(withPackage ? { hasSoftware: withPackage.has(device.id) } : {}) });
        const alert = openOf.get(`${rule.id}:${device.id}`);
        if (!detail) continue;
        if (alert) kept.add(alert.id);
        try {
          if (await step(store, rule, device, alert, detail, now, o)) counts.fired++;
        } catch (err) {
          o.logger.warn({ err: (err as Error).message, rule: rule.id, deviceId: device.id }, 'could not raise an alert; trying again at the next look');
        }
      }
    }
  }
  // Whatever is open and no longer holds (or whose rule was turned off) ends.
  for (const alert of open) {
    if (kept.has(alert.id)) continue;
    try {
      if (await clear(store, alert, at)) counts.resolved++;
    } catch (err) {
      o.logger.warn({ err: (err as Error).message, alert: alert.id }, 'could not resolve an alert; trying again at the next look');
    }
  }
  return counts;
}

/** A condition holds: opens, fires or updates the rule's alert on the PC; true when it fired now. */
async function step(store: Store, rule: AlertRule, device: Device, alert: Alert | undefined, detail: string, now: Date, o: { logger: Logger; mail: AlertMailOptions }): Promise<boolean> {
  const at = now.toISOString();
  let current: Pick<Alert, 'id' | 'state' | 'since'>;
  if (alert) {
    current = alert;
    if (alert.detail !== detail) await store.alerts.setDetail(alert.id, detail);
  } else {
    try {
      current = { id: await store.alerts.addPending({ ruleId: rule.id, deviceId: device.id, detail, since: at }), state: 'pending', since: at };
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
  if (current.state !== 'pending' || now.getTime() - Date.parse(current.since) < rule.forMinutes * 60_000) return false;
  const name = device.name ?? device.hostname;
  if (rule.action === 'ticket') {
    const system = await alertsUser(store);
    const { created } = await openTicket(
      store,
      system,
      {
        summary: `${rule.name}: ${name}`.slice(0, 200),
        details: `${detail}.\n\nOpened by the alert rule "${rule.name}". The ticket resolves itself when the condition clears.`,
        priority: rule.priority,
        deviceId: device.id,
      },
      // One ticket per alert, whichever node fires it first.
      `alert-${current.id}`,
      { channel: 'alert', trustedDevice: true, within: async (repos, ticketId) => void (await repos.alerts.fire(current.id, at, ticketId)) },
    );
    if (created) o.logger.info({ rule: rule.id, deviceId: device.id, alert: current.id }, 'alert fired: ticket opened');
    return created;
  }
  return store.transaction(async (repos) => {
    if (!(await repos.alerts.fire(current.id, at, null))) return false;
    await alertMail(repos, o.mail, { rule, deviceId: device.id, device: name, detail, at });
    o.logger.info({ rule: rule.id, deviceId: device.id, alert: current.id }, 'alert fired: technicians told');
    return true;
  });
}

/** The condition cleared: the alert ends; its ticket, if still open, is resolved with a timeline event. */
async function clear(store: Store, alert: Alert, at: string): Promise<boolean> {
  if (alert.state === 'pending') {
    await store.alerts.dropPending(alert.id);
    return false;
  }
  const system = alert.ticketId ? await alertsUser(store) : null;
  return store.transaction(async (repos) => {
    if (!(await repos.alerts.resolve(alert.id, at))) return false;
    if (!alert.ticketId || !system) return true;
    const ticket = await repos.tickets.findById(alert.ticketId);
    if (!ticket) return true;
    await repos.tickets.addEvent(ticket.id, { at, actor: null, type: 'alert_cleared', data: { rule: alert.rule, detail: alert.detail } });
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
      await changeStatus(repos, ticket, 'resolved', system, at);
      await refreshSla(repos, ticket.id);
    }
    return true;
  });
}
