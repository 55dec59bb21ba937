import { useEffect, useState } from 'react';
import type { NotificationKind, NotificationPrefs } from '../../../../shared/api/mail.js';
import { NOTIFICATION_KINDS } from '../../../../shared/notificationKinds.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';
import type { User } from '../types.js';

const LABELS: Record<NotificationKind, string> = {
  ticket_opened: 'My request was received',
  public_reply: 'A technician replied to my request',
  waiting_on_you: 'The help desk is waiting for my answer',
  resolved: 'My request was resolved',
  new_ticket: 'A new ticket arrived (unless the team address gets them)',
  assigned: 'A ticket was assigned to me',
  requester_replied: 'A requester replied on my ticket',
  sla_at_risk: 'A ticket of mine may miss its SLA target',
  sla_breached: 'A ticket missed its SLA target',
  alert: 'An alert rule that notifies fired on a PC',
};
const FOR_STAFF: readonly NotificationKind[] = ['new_ticket', 'assigned', 'requester_replied', 'sla_at_risk', 'sla_breached', 'alert'];

/** Which notification emails one receives; each box saves at once. */
export function NotificationSettings({ user }: { user: User }) {
  const prefs = usePoll(() => api.get<NotificationPrefs>('/api/v1/me/notifications'), []);
  // Shown as clicked at once; the server's answer (or a refusal) settles it.
  const [shown, setShown] = useState<NotificationPrefs | undefined>();
  useEffect(() => setShown(prefs.data), [prefs.data]);
  const [message, setMessage] = useState('');
  const kinds = NOTIFICATION_KINDS.filter((k) => user.role !== 'employee' || !FOR_STAFF.includes(k));
  const toggle = async (kind: NotificationKind, on: boolean) => {
    if (shown) setShown({ ...shown, [kind]: on });
    try {
      setShown(await api.patch<NotificationPrefs>('/api/v1/me/notifications', { [kind]: on }));
      setMessage('Saved.');
    } catch (err) {
      setMessage((err as ApiError).message);
      await prefs.refresh();
    }
  };
  return (
    <fieldset className="card narrow" aria-label="Email notifications">
      <h2>Email notifications</h2>
      {!user.email && <p className="muted">Your account has no email address: ask an admin to add one.</p>}
      {shown &&
        kinds.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={shown[k]} onChange={(e) => void toggle(k, e.target.checked)} />
            {LABELS[k]}
          </label>
        ))}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
