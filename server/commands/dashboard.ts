import type { Dashboard } from '../../shared/api/dashboard.js';
import type { Store } from '../storage/types.js';
import { slaReport } from './slaReport.js';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Backlog ages, from now into the past. */
const AGES: [string, number][] = [
  ['under 1 day', 1],
  ['1–3 days', 3],
  ['3–7 days', 7],
  ['7–30 days', 30],
];

/** Everything the dashboard draws, as of `now`. */
export async function dashboard(store: Store, days: number, weeks: number, now = Date.now()): Promise<Dashboard> {
  const today = Date.parse(`${isoDay(now)}T00:00:00.000Z`);
  const from = today - (days - 1) * DAY;
  // Whole weeks, Monday to Monday (UTC), the current one included.
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  const weeksFrom = monday - (weeks - 1) * 7 * DAY;
  const edges = [now, ...AGES.map(([, d]) => now - d * DAY)].map((ms) => new Date(ms).toISOString());
  const [perDay, report, backlog, byOs, byVersion, findings] = await Promise.all([
    store.dashboard.perDay(new Date(from).toISOString()),
    slaReport(store, new Date(weeksFrom).toISOString(), new Date(now + 1).toISOString()),
    store.dashboard.backlog(edges),
    store.dashboard.devicesBy('os'),
    store.dashboard.devicesBy('agent_version'),
    store.dashboard.findings(new Date(from).toISOString()),
  ]);
  const reported = new Map(report.byWeek.map((w) => [w.week, w]));
  return {
    perDay: Array.from({ length: days }, (_, i) => {
      const day = isoDay(from + i * DAY);
      return { day, opened: perDay.opened.get(day) ?? 0, resolved: perDay.resolved.get(day) ?? 0 };
    }),
    complianceByWeek: Array.from({ length: weeks }, (_, i) => {
      const week = isoDay(weeksFrom + i * 7 * DAY);
      const w = reported.get(week);
      return { week, compliancePct: w?.compliancePct ?? null, met: w?.met ?? 0, breached: w?.breached ?? 0 };
    }),
    backlogByAge: [...AGES.map(([bucket]) => bucket), 'over 30 days'].map((bucket, i) => ({
      bucket,
      count: backlog.get(i) ?? 0,
      from: edges[i + 1] ?? null,
      to: i === 0 ? null : edges[i]!,
    })),
    fleetByOs: byOs.map((r) => ({ os: r.key, count: r.count })),
    fleetByAgentVersion: byVersion.map((r) => ({ version: r.key, count: r.count })),
    findings: [...findings].map(([code, tickets]) => ({ code, tickets })).sort((a, b) => b.tickets - a.tickets || a.code.localeCompare(b.code)),
  };
}
