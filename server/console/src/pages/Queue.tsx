import { useState } from 'react';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { PriorityBadge, SlaBadge } from '../components/Badges.js';
import { dueIn, useLiveRefresh, usePoll } from '../hooks.js';
import { go, hashQuery } from '../router.js';
import type { Device, Ticket } from '../types.js';
import { Pager } from '../components/Pager.js';
import { SavedFilters } from '../components/SavedFilters.js';

/** Tickets a page: the server pages, so a desk with hundreds open still loads at once. */
const PAGE = 50;

/** Filters a link may set in the address (#/tickets?status=all&finding=disk_full), as the dashboard's charts do. */
const PERIOD_KEYS = ['createdFrom', 'createdTo', 'finding'] as const;

/** The technician's home: open tickets, most urgent SLA first, updated as they change. */
export function Queue() {
  const { user } = useAuth();
  const [status, setStatus] = useState(() => hashQuery().get('status') ?? '');
  const [priority, setPriority] = useState(() => hashQuery().get('priority') ?? '');
  const [assignee, setAssignee] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState(() => hashQuery().get('category') ?? '');
  const [tag, setTag] = useState(() => hashQuery().get('tag') ?? '');
  const [scope, setScope] = useState(() => Object.fromEntries(PERIOD_KEYS.flatMap((k) => (hashQuery().get(k) ? [[k, hashQuery().get(k)!]] : []))));
  const [offset, setOffset] = useState(0);
  const { data: categories } = usePoll(() => api.get<string[]>('/api/v1/ticket-categories'), []);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...scope });
  if (status !== 'all') query.set('status', status || 'active');
  if (priority) query.set('priority', priority);
  if (assignee) query.set('assignee', assignee === 'me' ? user!.username : assignee);
  if (q.trim()) query.set('q', q.trim());
  if (category) query.set('category', category);
  if (tag.trim()) query.set('tag', tag.trim().toLowerCase());
  // What a saved filter keeps: the filters as the list reads them, "me" kept as "me" so that a
  // shared "my tickets" filter means each technician's own.
  const saving = new URLSearchParams(query);
  saving.delete('limit');
  saving.delete('offset');
  if (assignee === 'me') saving.set('assignee', 'me');
  const apply = (saved: string) => {
    const p = new URLSearchParams(saved);
    const s = p.get('status');
    setStatus(s === null ? 'all' : s === 'active' ? '' : s);
    setPriority(p.get('priority') ?? '');
    setAssignee(p.get('assignee') ?? '');
    setQ(p.get('q') ?? '');
    setCategory(p.get('category') ?? '');
    setTag(p.get('tag') ?? '');
    setScope(Object.fromEntries(PERIOD_KEYS.flatMap((k) => (p.get(k) ? [[k, p.get(k)!]] : []))));
    setOffset(0);
  };
  const { data, error, refresh } = usePoll(
    async () => {
      const [tickets, devices] = await Promise.all([api.page<Ticket[]>(`/api/v1/tickets?${query}`), api.get<Device[]>('/api/v1/devices?limit=1000')]);
      return { tickets, hosts: new Map(devices.map((d) => [d.id, d.name ?? d.hostname])) };
    },
    [status, priority, assignee, q, category, tag, offset, JSON.stringify(scope)],
    // Tickets come live (below); the slow poll keeps the PCs' names and SLA states current.
    60_000,
  );
  useLiveRefresh(refresh, () => true);
  const rows = data?.tickets.items ?? [];
  const total = data?.tickets.total ?? 0;
  /** A filter changed: back to the first page. */
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setOffset(0);
  };
  const assignToMe = async (t: Ticket) => {
    await api.patch(`/api/v1/tickets/${t.id}`, { assigneeId: user!.id });
    await refresh();
  };
  return (
    <section>
      <h1>Ticket queue</h1>
      <div className="filters" role="search">
        <input aria-label="Search tickets" placeholder="Search summary and details" value={q} onChange={filter(setQ)} />
        <select aria-label="Status" value={status} onChange={filter(setStatus)}>
          <option value="">Open (new, open, waiting)</option>
          <option value="all">Any status</option>
          {['new', 'open', 'waiting', 'resolved', 'closed'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Priority" value={priority} onChange={filter(setPriority)}>
          <option value="">Any priority</option>
          {['critical', 'high', 'normal', 'low'].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <select aria-label="Assignee" value={assignee} onChange={filter(setAssignee)}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
        </select>
        <select aria-label="Category" value={category} onChange={filter(setCategory)}>
          <option value="">Any category</option>
          {(categories ?? []).map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <input aria-label="Tag" placeholder="Tag" value={tag} onChange={filter(setTag)} />
      </div>
      <div className="controls">
        <SavedFilters kind="queue" current={saving.toString()} onApply={apply} />
      </div>
      {Object.keys(scope).length > 0 && (
        <p className="muted" role="status">
          {scope.createdFrom && `Opened from ${scope.createdFrom.slice(0, 10)} `}
          {scope.createdTo && `until ${scope.createdTo.slice(0, 10)} `}
          {scope.finding && `with the finding ${scope.finding} `}
          <button type="button" className="secondary small" onClick={() => (setScope({}), setOffset(0))}>
            Clear
          </button>
        </p>
      )}
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
                  {t.category && <span className="muted"> · {t.category}</span>}
                  {t.tags.map((x) => (
                    <span key={x} className="tag">
                      {x}
                    </span>
                  ))}
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
      <Pager offset={offset} size={PAGE} total={total} onChange={setOffset} />
      <button type="button" className="secondary" onClick={() => go('tickets/new')}>
        New ticket
      </button>
    </section>
  );
}
