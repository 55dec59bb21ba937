import { useState } from 'react';
import type { AlertView } from '../../../../shared/api/alerts.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { AlertRules } from '../components/AlertRules.js';
import { Pager } from '../components/Pager.js';
import { timeAgo, usePoll } from '../hooks.js';

const PAGE = 50;

/** Alerts across the fleet (active by default), each with its PC and ticket; admins keep the rules below. */
export function Alerts() {
  const { user } = useAuth();
  const [state, setState] = useState<'active' | 'resolved'>('active');
  const [offset, setOffset] = useState(0);
  const { data, error } = usePoll(() => api.page<AlertView[]>(`/api/v1/alerts?state=${state}&limit=${PAGE}&offset=${offset}`), [state, offset], 10_000);
  const total = data?.total ?? 0;
  return (
    <section>
      <h1>Alerts</h1>
      <div className="filters">
        <select
          aria-label="Alerts shown"
          value={state}
          onChange={(e) => {
            setState(e.target.value as 'active' | 'resolved');
            setOffset(0);
          }}
        >
          <option value="active">Active</option>
          <option value="resolved">Resolved</option>
        </select>
      </div>
      {error && <p className="error">{error}</p>}
      <p className="muted">{data ? `${total} ${state} alert${total === 1 ? '' : 's'}` : 'Loading…'}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>PC</th>
              <th>Rule</th>
              <th>What</th>
              <th>Since</th>
              <th>Ticket</th>
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`#/devices/${a.deviceId}`}>{a.device}</a>
                </td>
                <td>{a.rule}</td>
                <td>{a.detail}</td>
                <td title={a.since}>{state === 'active' ? timeAgo(a.since) : `${timeAgo(a.since)}, ended ${timeAgo(a.resolvedAt)}`}</td>
                <td>{a.ticketId ? <a href={`#/tickets/${a.ticketId}`}>#{a.ticketId}</a> : 'emailed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} size={PAGE} total={total} onChange={setOffset} />
      {user!.role === 'admin' && <AlertRules />}
    </section>
  );
}
