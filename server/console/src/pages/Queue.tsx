import { useState } from 'react';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { PriorityBadge, SlaBadge } from '../components/Badges.js';
import { dueIn, useLiveRefresh, usePoll } from '../hooks.js';
import { go } from '../router.js';
import type { Device, Ticket } from '../types.js';

const OPEN = ['new', 'open', 'waiting'];

/** The technician's home: open tickets, most urgent SLA first, updated as they change. */
export function Queue() {
  const { user } = useAuth();
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [assignee, setAssignee] = useState('');
  const [q, setQ] = useState('');
  const query = new URLSearchParams({ limit: '200' });
  if (status) query.set('status', status);
  if (priority) query.set('priority', priority);
  if (assignee) query.set('assignee', assignee === 'me' ? user!.username : assignee);
  if (q.trim()) query.set('q', q.trim());
  const { data, error, refresh } = usePoll(
    async () => {
      const [tickets, devices] = await Promise.all([api.page<Ticket[]>(`/api/v1/tickets?${query}`), api.get<Device[]>('/api/v1/devices?limit=1000')]);
      return { tickets, hosts: new Map(devices.map((d) => [d.id, d.hostname])) };
    },
    [status, priority, assignee, q],
    // Tickets come live (below); the slow poll keeps the PCs' names and SLA states current.
    60_000,
  );
  useLiveRefresh(refresh, () => true);
  const rows = (data?.tickets.items ?? []).filter((t) => status || OPEN.includes(t.status));
  const assignToMe = async (t: Ticket) => {
    await api.patch(`/api/v1/tickets/${t.id}`, { assigneeId: user!.id });
    await refresh();
  };
  return (
    <section>
      <h1>Ticket queue</h1>
      <div className="filters" role="search">
        <input aria-label="Search tickets" placeholder="Search summary and details" value={q} onChange={(e) => setQ(e.target.value)} />
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Open (new, open, waiting)</option>
          {['new', 'open', 'waiting', 'resolved', 'closed'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          <option value="">Any priority</option>
          {['critical', 'high', 'normal', 'low'].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <select aria-label="Assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
        </select>
      </div>
      {error && <p className="error">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Summary</th>
              <th>Priority</th>
              <th>Status</th>
              <th>Requester</th>
              <th>Device</th>
              <th>Assignee</th>
              <th>Due</th>
              <th>SLA</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <td>{t.id}</td>
                <td>
                  <a href={`#/tickets/${t.id}`}>{t.summary}</a>
                </td>
                <td>
                  <PriorityBadge priority={t.priority} />
                </td>
                <td>{t.status}</td>
                <td>{t.requester.username}</td>
                <td>{t.deviceId ? <a href={`#/devices/${t.deviceId}`}>{data?.hosts.get(t.deviceId) ?? 'device'}</a> : '—'}</td>
                <td>
                  {t.assignee?.username ?? (
                    <button type="button" className="small" onClick={() => void assignToMe(t)}>
                      Assign to me
                    </button>
                  )}
                </td>
                <td>{dueIn(t.firstResponseAt ? t.resolveDueAt : (t.responseDueAt ?? t.resolveDueAt))}</td>
                <td>
                  <SlaBadge state={t.slaState} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data && rows.length === 0 && <p className="muted">No tickets match.</p>}
      <button type="button" className="secondary" onClick={() => go('tickets/new')}>
        New ticket
      </button>
    </section>
  );
}
