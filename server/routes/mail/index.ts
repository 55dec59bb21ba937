import { z } from 'zod';
import { InboundMessageView, InboundQuery, MailSettings, MailStatus, NotificationPrefs, NotificationPrefsPatch, OutboxMessageView, OutboxQuery } from '../../../shared/api/mail.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { loadMailSettings, MAIL_SETTINGS_KEY } from '../../mail/notifier.js';
import type { OutboxMessage } from '../../storage/types.js';

const OutboxIdParams = z.object({ id: z.coerce.number().int().positive() });

const view = (m: OutboxMessage): OutboxMessageView => ({
  id: m.id,
  kind: m.kind,
  ticketId: m.ticketId,
  recipient: m.recipient,
  subject: m.subject,
  state: m.state,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt,
  sentAt: m.sentAt,
  lastError: m.lastError,
  createdAt: m.createdAt,
});

export function mailRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/mail/status',
      summary: 'Outbound email: configured or not, the last hand-off to SMTP (error included), messages by state',
      tag: 'mail',
      access: 'admin',
      response: MailStatus,
      handler: () => deps.mail.status(),
    }),
    route({
      method: 'get',
      path: '/api/v1/mail/outbox',
      summary: 'Notification emails, newest first; filter by state (failed and unknown need an admin)',
      tag: 'mail',
      access: 'admin',
      query: OutboxQuery,
      response: z.object({ messages: z.array(OutboxMessageView), total: z.number().int() }),
      async handler({ query }) {
        const { messages, total } = await store.outbox.list(query);
        return { messages: messages.map(view), total };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/mail/inbound',
      summary: 'Messages read from the support mailbox, newest first: what each became, and why robots’ and unreadable ones made nothing',
      tag: 'mail',
      access: 'admin',
      query: InboundQuery,
      response: z.object({ messages: z.array(InboundMessageView), total: z.number().int() }),
      handler: ({ query }) => store.inbound.list(query),
    }),
    route({
      method: 'post',
      path: '/api/v1/mail/outbox/:id/retry',
      summary: 'Send a failed message, or one whose hand-off was interrupted, again',
      tag: 'mail',
      access: 'admin',
      params: OutboxIdParams,
      response: null,
      async handler({ params, user }) {
        if (!(await store.outbox.retry(params.id, new Date().toISOString()))) throw notFound('failed or unknown message');
        await audit(store, user!.username, 'mail.resend', String(params.id));
        deps.mail.wake();
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/settings/mail',
      summary: 'Who hears of new tickets: every technician (by preference) or one team address',
      tag: 'mail',
      access: 'admin',
      response: MailSettings,
      handler: () => loadMailSettings(store),
    }),
    route({
      method: 'put',
      path: '/api/v1/settings/mail',
      summary: 'Change who hears of new tickets',
      tag: 'mail',
      access: 'admin',
      body: MailSettings,
      response: MailSettings,
      async handler({ body, user }) {
        await store.transaction(async (repos) => {
          await repos.settings.put(MAIL_SETTINGS_KEY, body, new Date().toISOString());
          await audit(repos, user!.username, 'mail.settings', null, body);
        });
        return body;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/me/notifications',
      summary: 'Which notification emails you receive (every kind is on until you turn it off)',
      tag: 'mail',
      access: 'employee',
      response: NotificationPrefs,
      handler: ({ user }) => store.notificationPrefs.get(user!.id),
    }),
    route({
      method: 'patch',
      path: '/api/v1/me/notifications',
      summary: 'Turn notification emails on or off by kind',
      tag: 'mail',
      access: 'employee',
      body: NotificationPrefsPatch,
      response: NotificationPrefs,
      async handler({ body, user }) {
        await store.notificationPrefs.set(user!.id, body);
        return store.notificationPrefs.get(user!.id);
      },
    }),
  ];
}
