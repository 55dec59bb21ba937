import { api } from '../api.js';
import { usePoll } from '../hooks.js';
import type { Device, SlaReportView, Ticket } from '../types.js';

const monday = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
};

/** The fleet and the queue at a glance. */
export function Dashboard() {
  const { data, error } = usePoll(
    async () => {
      const [tickets, devices, lowDisk, report] = await Promise.all([
        api.get<Ticket[]>('/api/v1/tickets?limit=500'),
        api.page<Device[]>('/api/v1/devices?limit=1000'),
        api.page<Device[]>('/api/v1/devices?lowDisk=true&limit=20'),
        api.get<SlaReportView>(`/api/v1/reports/sla?from=${encodeURIComponent(monday().toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
      ]);
      return { tickets: tickets.filter((t) => ['new', 'open', 'waiting'].includes(t.status)), devices, lowDisk, report };
    },
    [],
    10_000,
  );
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const count = (f: (t: Ticket) => boolean) => data.tickets.filter(f).length;
  const online = data.devices.items.filter((d) => d.online).length;
  return (
    <section>
      <h1>Dashboard</h1>
      <div className="grid">
        <div className="card stat">
          <h2>Open tickets</h2>
          <p className="big">{data.tickets.length}</p>
          <ul>
            {['critical', 'high', 'normal', 'low'].map((p) => (
              <li key={p}>
                {p}: {count((t) => t.priority === p)}
              </li>
            ))}
          </ul>
        </div>
        <div className="card stat">
          <h2>SLA now</h2>
          <ul>
            {['breached', 'at_risk', 'ok', 'paused'].map((s) => (
              <li key={s}>
                <span className={`badge sla-${s}`}>{s.replace('_', ' ')}</span> {count((t) => t.slaState === s)}
              </li>
            ))}
          </ul>
        </div>
        <div className="card stat">
          <h2>SLA compliance this week</h2>
          <p className="big">{data.report.total.compliancePct === null ? '—' : `${Math.round(data.report.total.compliancePct)}%`}</p>
          <p className="muted">
            {data.report.total.met} met · {data.report.total.breached} breached · {data.report.total.open} open
          </p>
        </div>
        <div className="card stat">
          <h2>Satisfaction this week</h2>
          <p className="big">{data.report.satisfaction.total.average === null ? '—' : `${data.report.satisfaction.total.average} / 5`}</p>
          <p className="muted">{data.report.satisfaction.total.ratings} ratings</p>
          <ul aria-label="Satisfaction by technician">
            {data.report.satisfaction.byTechnician
              .filter((t) => t.ratings > 0)
              .map((t) => (
                <li key={t.technician}>
                  {t.technician}: {t.average} / 5 ({t.ratings})
                </li>
              ))}
          </ul>
        </div>
        <div className="card stat">
          <h2>Requests by channel this week</h2>
          <ul aria-label="Requests by channel">
            {Object.entries(data.report.byChannel)
              .map(([channel, c]) => [channel, c.met + c.breached + c.open] as const)
              .filter(([, n]) => n > 0)
              .map(([channel, n]) => (
                <li key={channel}>
                  {channel}: {n}
                </li>
              ))}
          </ul>
        </div>
        <div className="card stat">
          <h2>Workstations</h2>
          <p className="big">
            {online} / {data.devices.total}
          </p>
          <p className="muted">online now</p>
        </div>
        <div className="card stat">
          <h2>Findings across the fleet</h2>
          <p className="big">{data.lowDisk.total}</p>
          <p className="muted">PCs with a disk at least 90% full</p>
          <ul>
            {data.lowDisk.items.map((d) => (
              <li key={d.id}>
                <a href={`#/devices/${d.id}`}>{d.hostname}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
