import type { Dashboard as DashboardData } from '../../../../shared/api/dashboard.js';
import { api } from '../api.js';
import { Chart } from '../components/Chart.js';
import { usePoll } from '../hooks.js';

const BLUE = '#2456c9';
const GREEN = '#067647';
const AMBER = '#b54708';
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The desk and the fleet in charts; every bar opens the tickets or PCs it counts. */
export function Dashboard() {
  const { data, error } = usePoll(() => api.get<DashboardData>('/api/v1/dashboard?days=30&weeks=8'), [], 60_000);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const short = (day: string) => day.slice(5);
  const open = data.backlogByAge.reduce((n, b) => n + b.count, 0);
  const fleet = data.fleetByOs.reduce((n, o) => n + o.count, 0);
  const thisWeek = data.complianceByWeek.at(-1);
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="stats">
        <a href="#/tickets">{open} open tickets</a> · <a href="#/inventory">{fleet} workstations</a> · SLA compliance this week:{' '}
        {thisWeek?.compliancePct == null ? '—' : `${Math.round(thisWeek.compliancePct)}%`} · satisfaction and channels on the <a href="#/reports">Reports</a> page
      </p>
      <div className="grid charts">
        <Chart
          title="Tickets opened and resolved per day"
          labels={data.perDay.map((d) => short(d.day))}
          series={[
            { label: 'opened', values: data.perDay.map((d) => d.opened), color: BLUE },
            { label: 'resolved', values: data.perDay.map((d) => d.resolved), color: GREEN },
          ]}
          links={data.perDay.map((d) => `tickets?${q({ status: 'all', createdFrom: d.day, createdTo: d.day })}`)}
          linkText={(i) => `${data.perDay[i]!.day}: ${data.perDay[i]!.opened} opened, ${data.perDay[i]!.resolved} resolved`}
        />
        <Chart
          title="SLA compliance per week"
          kind="line"
          max={100}
          labels={data.complianceByWeek.map((w) => short(w.week))}
          series={[{ label: 'compliance %', values: data.complianceByWeek.map((w) => w.compliancePct), color: GREEN }]}
          links={data.complianceByWeek.map((w) => `tickets?${q({ status: 'all', createdFrom: w.week, createdTo: plusDays(w.week, 6) })}`)}
          linkText={(i) => {
            const w = data.complianceByWeek[i]!;
            return `week of ${w.week}: ${w.compliancePct === null ? 'no tickets closed on a clock' : `${Math.round(w.compliancePct)}%`} (${w.met} met, ${w.breached} breached)`;
          }}
        />
        <Chart
          title="Backlog by age"
          labels={data.backlogByAge.map((b) => b.bucket)}
          series={[{ label: 'open tickets', values: data.backlogByAge.map((b) => b.count), color: AMBER }]}
          links={data.backlogByAge.map((b) => `tickets?${q({ ...(b.from ? { createdFrom: b.from } : {}), ...(b.to ? { createdTo: b.to } : {}) })}`)}
          linkText={(i) => `${data.backlogByAge[i]!.bucket}: ${data.backlogByAge[i]!.count}`}
        />
        <Chart
          title="Fleet by operating system"
          labels={data.fleetByOs.map((o) => o.os ?? 'unknown')}
          series={[{ label: 'PCs', values: data.fleetByOs.map((o) => o.count), color: BLUE }]}
          links={data.fleetByOs.map((o) => (o.os ? `inventory?${q({ os: o.os })}` : null))}
          linkText={(i) => `${data.fleetByOs[i]!.os ?? 'unknown'}: ${data.fleetByOs[i]!.count}`}
        />
        <Chart
          title="Fleet by agent version"
          labels={data.fleetByAgentVersion.map((v) => v.version ?? 'unknown')}
          series={[{ label: 'PCs', values: data.fleetByAgentVersion.map((v) => v.count), color: BLUE }]}
          links={data.fleetByAgentVersion.map((v) => (v.version ? `inventory?${q({ agentVersion: v.version })}` : null))}
          linkText={(i) => `${data.fleetByAgentVersion[i]!.version ?? 'unknown'}: ${data.fleetByAgentVersion[i]!.count}`}
        />
        <Chart
          title="Findings in the last 30 days"
          labels={data.findings.map((f) => f.code)}
          series={[{ label: 'tickets', values: data.findings.map((f) => f.tickets), color: AMBER }]}
          links={data.findings.map((f) => `tickets?${q({ status: 'all', finding: f.code, createdFrom: data.perDay[0]!.day })}`)}
          linkText={(i) => `${data.findings[i]!.code}: ${data.findings[i]!.tickets} tickets`}
        />
      </div>
    </section>
  );
}
