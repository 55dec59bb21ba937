import { randomUUID } from 'node:crypto';
import { hasRole } from '../../shared/roles.js';
import { escapeHtml, oneLine } from '../mail/templates.js';
import type { AlertRule, Repos } from '../storage/types.js';

export interface AlertMailOptions {
  /** Off without SMTP: a notifying rule then shows on the Alerts page only. */
  enabled: boolean;
  /** The domain of our Message-IDs. */
  domain: string;
  deviceLink: (deviceId: string) => string;
}

/**
 * Tells every technician and admin with an address (who did not turn alerts off) that a
 * notifying rule fired on a PC. Written to the outbox in the alert's transaction, so it is sent
 * once, as every notification is.
 */
export async function alertMail(repos: Repos, o: AlertMailOptions, a: { rule: AlertRule; deviceId: string; device: string; detail: string; at: string }): Promise<number> {
  if (!o.enabled) return 0;
  const staff = (await repos.users.list()).filter((u) => hasRole(u.role, 'technician') && u.email && !u.disabledAt && !u.deletedAt);
  const out = await repos.notificationPrefs.optedOut(staff.map((u) => u.id), 'alert');
  const link = o.deviceLink(a.deviceId);
  const lines = [`The alert rule "${a.rule.name}" fired on ${a.device}: ${a.detail}.`, `It ends by itself when the condition clears. The PC: ${link}`];
  const mail = {
    subject: oneLine(`[Alert] ${a.rule.name}: ${a.device}`, 250),
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif">${lines.slice(0, 1).map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(link)}">Open ${escapeHtml(a.device)}</a></p></body></html>`,
  };
  let sent = 0;
  for (const u of staff) {
    if (out.has(u.id)) continue;
    await repos.outbox.enqueue({ kind: 'alert', ticketId: null, recipient: u.email!, ...mail, messageId: `<${randomUUID()}@${o.domain}>`, referencesId: null, createdAt: a.at });
    sent++;
  }
  return sent;
}
