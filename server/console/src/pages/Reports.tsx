import { useState } from 'react';
import { api, download } from '../api.js';
import { PriorityBadge } from '../components/Badges.js';
import { usePoll } from '../hooks.js';
import type { SlaReportView } from '../types.js';

type Compliance = SlaReportView['total'];

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const pct = (c: Compliance) => (c.compliancePct === null ? '—' : `${c.compliancePct}%`);
const duration = (s: number | null) => (s === null ? '—' : s < 3600 ? `${Math.round(s / 60)} min` : s < 172_800 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86_400).toFixed(1)} d`);

function Breakdown({ title, rows }: { title: string; rows: [string, Compliance][] }) {
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th>{title}</th>
          <th>Met</th>
          <th>Breached</th>
          <th>Open</th>
          <th>Compliance</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, c]) => (
          <tr key={key}>
            <td>{key}</td>
            <td>{c.met}</td>
            <td>{c.breached}</td>
            <td>{c.open}</td>
            <td>{pct(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** SLA compliance over a chosen period, broken down every way the desk asks, with a CSV export. */
export function Reports() {
  const [from, setFrom] = useState(day(-29));
  const [to, setTo] = useState(day(0));
  const query = `from=${from}&to=${to}`;
  const { data: r, error } = usePoll(() => api.get<SlaReportView>(`/api/v1/reports/sla?${query}`), [query]);
  const [exportError, setExportError] = useState('');
  return (
    <section>
      <h1>SLA report</h1>
      <div className="filters">
        <label>
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (included) <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="secondary" onClick={() => void download(`/api/v1/reports/sla.csv?${query}`, `sla-${from}-${to}.csv`).then(() => setExportError(''), (e: Error) => setExportError(e.message))}>
          Download CSV
        </button>
      </div>
      {(error || exportError) && <p className="error">{error || exportError}</p>}
      {r && (
        <>
          <p className="big" aria-label="Compliance">
            {pct(r.total)}
          </p>
          <p className="muted">
            met {r.total.met} · breached {r.total.breached} · open {r.total.open}
          </p>
          <p>
            First response: median {duration(r.times.firstResponse.p50)}, 90% within {duration(r.times.firstResponse.p90)} ({r.times.firstResponse.count} tickets). Resolution: median{' '}
            {duration(r.times.resolution.p50)}, 90% within {duration(r.times.resolution.p90)} ({r.times.resolution.count} tickets).
          </p>
          <div className="report-grid">
            <Breakdown title="Priority" rows={Object.entries(r.byPriority)} />
            <Breakdown title="Technician" rows={r.byTechnician.map((t) => [t.technician, t])} />
            <Breakdown title="Channel" rows={Object.entries(r.byChannel)} />
            <Breakdown title="Week" rows={r.byWeek.map((w) => [w.week, w])} />
          </div>
          <h2>Breaches</h2>
          {r.breaches.length === 0 && <p className="muted">None in this period.</p>}
          <ul aria-label="Breaches">
            {r.breaches.map((b) => (
              <li key={b.id}>
                <a href={`#/tickets/${b.id}`}>
                  #{b.id} {b.summary}
                </a>{' '}
                <PriorityBadge priority={b.priority} /> {b.status} · {b.assignee ?? 'unassigned'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
