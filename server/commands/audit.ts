import type { Repos } from '../storage/types.js';

/** The audit log's actions; one list so a filter in the console can offer them all. */
export type AuditAction =
  | 'user.login'
  | 'user.login_failed'
  | 'user.login_throttled'
  | 'user.create'
  | 'contact.create'
  | 'user.update'
  | 'user.delete'
  | 'user.totp_enable'
  | 'user.totp_disable'
  | 'user.totp_reset'
  | 'user.recovery_codes'
  | 'security_policy.update'
  | 'enrollment_token.revoke'
  | 'enrollment_token.create'
  | 'device.enroll'
  | 'device.update'
  | 'device.revoke'
  | 'device.user_link'
  | 'device.user_confirm'
  | 'device.user_unlink'
  | 'device.user_refused'
  | 'device.user_policy'
  | 'ticket.create'
  | 'ticket.update'
  | 'ticket.confirm'
  | 'ticket.rate'
  | 'canned_replies.update'
  | 'ticket_categories.update'
  | 'ticket.comment'
  | 'ticket.attachment'
  | 'alert_rule.create'
  | 'alert_rule.update'
  | 'alert_rule.delete'
  | 'script.create'
  | 'script.update'
  | 'script.delete'
  | 'job.create'
  | 'job.cancel'
  | 'job.run'
  | 'file.download'
  | 'file.upload'
  | 'sla_policy.update'
  | 'faq.create'
  | 'faq.update'
  | 'faq.delete'
  | 'session.start'
  | 'session.refused'
  | 'session.end'
  | 'mail.settings'
  | 'mail.resend'
  | 'session.recording_download';

export function audit(
  repos: Pick<Repos, 'audit'>,
  actor: string | null,
  action: AuditAction,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  return repos.audit.append({ at: new Date().toISOString(), actor, action, target, details });
}
