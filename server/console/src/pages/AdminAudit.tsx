import { useState } from 'react';
import { api, download } from '../api.js';
import { usePoll } from '../hooks.js';
import type { Audit } from '../types.js';
import { Pager } from '../components/Pager.js';

const PAGE = 50;

/** A detail value as a person reads it: text as it is, anything else as compact JSON. */
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The audit log: who did what to whom, filtered, paged on the server, exported as CSV. */
export function AdminAudit() {
  const [filters, setFilters] = useState({ q: '', actor: '', action: '', from: '', to: '' });
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState('');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v.trim()) params.set(k, v.trim());
  const query = params.toString();
  const { data, error: loadError } = usePoll(() => api.page<Audit[]>(`/api/v1/audit?limit=${PAGE}&offset=${offset}${query ? `&${query}` : ''}`), [query, offset], 10_000);
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => {
    setFilters({ ...filters, [k]: e.target.value });
    setOffset(0);
  };
  const total = data?.total ?? 0;
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <div className="filters" role="search">
        <input aria-label="Search the audit log" placeholder="Text anywhere (a name, a ticket number…)" value={filters.q} onChange={set('q')} />
        <input aria-label="Filter by actor" placeholder="who (username)" value={filters.actor} onChange={set('actor')} />
        <input aria-label="Filter by action" placeholder="action, e.g. session.start" value={filters.action} onChange={set('action')} />
        <label>
          From <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          To <input type="date" value={filters.to} onChange={set('to')} />
        </label>
        <button type="button" className="secondary" onClick={() => void download(`/api/v1/audit.csv${query ? `?${query}` : ''}`, 'audit.csv').then(() => setError(''), (e: Error) => setError(e.message))}>
          Download CSV
        </button>
      </div>
      {(error || loadError) && <p className="error">{error || loadError}</p>}
      <div className="table-wrap">
        <table aria-label="Audit entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor ?? '—'}</td>
                <td>{e.action}</td>
                <td title={e.target ?? undefined}>{e.targetName ?? e.target ?? '—'}</td>
                <td className="details">
                  {Object.entries(e.details).map(([k, v]) => (
                    <span key={k} className="detail">
                      {k}: {show(v)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} size={PAGE} total={total} onChange={setOffset} labels={['Newer', 'Older']} always />
    </section>
  );
}
