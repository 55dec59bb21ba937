import { useState } from 'react';
import type { InboundMessageView } from '../../../../shared/api/mail.js';
import { api } from '../api.js';
import { usePoll } from '../hooks.js';

type Outcome = InboundMessageView['outcome'];
const SHOWN: { value: Outcome; label: string }[] = [
  { value: 'set_aside', label: 'set aside' },
  { value: 'ignored', label: 'ignored (robots, loops)' },
  { value: 'ticket', label: 'new tickets' },
  { value: 'comment', label: 'replies' },
];

/** What the support mailbox brought: set-aside messages first, each with why it was not filed. */
export function AdminInbound() {
  const [shown, setShown] = useState<Outcome>('set_aside');
  const list = usePoll(() => api.get<{ messages: InboundMessageView[]; total: number }>(`/api/v1/mail/inbound?outcome=${shown}&limit=50`), [shown], 10_000);
  return (
    <section aria-label="Mail received">
      <h3>Mail received</h3>
      <label>
        Show{' '}
        <select aria-label="Received messages shown" value={shown} onChange={(e) => setShown(e.target.value as Outcome)}>
          {SHOWN.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>{' '}
      {list.data && <span className="muted">{list.data.total} in all</span>}
      <div className="table-wrap">
        <table aria-label="Received messages">
          <thead>
            <tr>
              <th>Received</th>
              <th>From</th>
              <th>Subject</th>
              <th>Why / ticket</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.messages ?? []).map((m) => (
              <tr key={m.messageId}>
                <td>{new Date(m.receivedAt).toLocaleString()}</td>
                <td>{m.sender || '—'}</td>
                <td>{m.subject || '(no subject)'}</td>
                <td className="details">{m.ticketId ? <a href={`#/tickets/${m.ticketId}`}>#{m.ticketId}</a> : (m.reason ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.error && <p className="error">{list.error}</p>}
    </section>
  );
}
