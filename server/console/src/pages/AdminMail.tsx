import { useEffect, useState, type FormEvent } from 'react';
import type { MailSettings, MailStatus, OutboxMessageView, OutboxState } from '../../../../shared/api/mail.js';
import { api, ApiError } from '../api.js';
import { timeAgo, usePoll } from '../hooks.js';
import { AdminInbound } from './AdminInbound.js';

/**
 * Outbound email: whether it is configured and working (the last SMTP error, word for word),
 * who hears of new tickets, and the messages that need an admin: given up on (failed), or
 * interrupted during the hand-off (unknown: they may have arrived), each with "Send again".
 */
export function AdminMail() {
  const status = usePoll(() => api.get<MailStatus>('/api/v1/mail/status'), [], 10_000);
  const [shown, setShown] = useState<OutboxState>('failed');
  const list = usePoll(() => api.get<{ messages: OutboxMessageView[]; total: number }>(`/api/v1/mail/outbox?state=${shown}&limit=50`), [shown], 10_000);
  const [message, setMessage] = useState('');
  const out = status.data?.outbound;
  const inbound = status.data?.inbound;
  const resend = async (id: number) => {
    try {
      await api.post(`/api/v1/mail/outbox/${id}/retry`);
      setMessage(`Message ${id} will be sent again.`);
      await Promise.all([list.refresh(), status.refresh()]);
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <div className="card" aria-label="Email">
      <h2>Email</h2>
      {!out ? (
        <p className="muted">Loading…</p>
      ) : !out.configured ? (
        <p>Off: set DESKSIDE_SMTP_URL and DESKSIDE_MAIL_FROM to send notifications.</p>
      ) : (
        <p role="status" className={out.state === 'failing' ? 'error' : undefined}>
          {out.server}, from {out.from}: {out.state === 'failing' ? `failing — ${out.lastError}` : out.state === 'ok' ? `working (last sent ${timeAgo(out.lastSuccessAt)})` : 'nothing sent yet'}.{' '}
          {out.counts.pending} waiting, {out.counts.sent} sent, {out.counts.failed} failed, {out.counts.unknown} unknown.
        </p>
      )}
      {inbound?.configured && (
        <p role="status" className={inbound.state === 'failing' ? 'error' : undefined}>
          Reading {inbound.folder} at {inbound.server}: {inbound.state === 'failing' ? `failing — ${inbound.lastError}` : inbound.state === 'ok' ? `working (last read ${timeAgo(inbound.lastCheckAt)})` : 'connecting…'}
        </p>
      )}
      <TeamAddress />
      <label>
        Show{' '}
        <select aria-label="Messages shown" value={shown} onChange={(e) => setShown(e.target.value as OutboxState)}>
          <option value="failed">failed</option>
          <option value="unknown">interrupted (unknown)</option>
          <option value="pending">waiting</option>
          <option value="sent">sent</option>
        </select>
      </label>
      <div className="table-wrap">
        <table aria-label="Email messages">
          <thead>
            <tr>
              <th>To</th>
              <th>Subject</th>
              <th>Tries</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list.data?.messages ?? []).map((m) => (
              <tr key={m.id}>
                <td>{m.recipient}</td>
                <td>{m.ticketId ? <a href={`#/tickets/${m.ticketId}`}>{m.subject}</a> : m.subject}</td>
                <td>{m.attempts}</td>
                <td className="details">{m.lastError ?? '—'}</td>
                <td>{(m.state === 'failed' || m.state === 'unknown') && <button onClick={() => void resend(m.id)}>Send again</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {message && <p role="status">{message}</p>}
      {inbound?.configured && <AdminInbound />}
    </div>
  );
}

function TeamAddress() {
  const settings = usePoll(() => api.get<MailSettings>('/api/v1/settings/mail'), []);
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    const to = settings.data?.newTicketTo;
    if (to) setAddress(to.mode === 'address' ? to.address : '');
  }, [settings.data]);
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      await api.put('/api/v1/settings/mail', { newTicketTo: address.trim() ? { mode: 'address', address: address.trim() } : { mode: 'technicians' } });
      setMessage(address.trim() ? `New tickets go to ${address.trim()}.` : 'New tickets go to every technician who wants them.');
      await settings.refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <form onSubmit={save} aria-label="New tickets go to">
      <label>
        Team address for new tickets (empty: every technician)
        <input type="email" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="helpdesk-team@example.com" />
      </label>
      <button type="submit">Save</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
