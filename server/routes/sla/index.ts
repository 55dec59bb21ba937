import { z } from 'zod';
import { SlaPolicy, SlaPolicyPreview, SlaPolicySaved, SlaPolicySaveQuery, SlaPolicyView, SlaReport, SlaReportQuery } from '../../../shared/api/sla.js';
import { csvDocument } from '../../../shared/csv.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { changeSlaPolicy, previewSlaPolicy } from '../../commands/changeSlaPolicy.js';
import { slaReport } from '../../commands/slaReport.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { route } from '../../http/route.js';
import { currentSlaPolicy } from '../../sla/policy.js';
import { sendDownload } from '../../http/download.js';

export function slaRoutes(deps: AppDeps) {
  const report = (q: { from: string; to: string }) => {
    if (Date.parse(q.from) >= Date.parse(q.to)) throw new AppError(ErrorCode.invalidInput, 'query.to: must be after from');
    return slaReport(deps.store, q.from, q.to);
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/sla-policy',
      summary: 'The SLA policy new tickets get: targets per priority, the business calendar (null: 24×7), priorities that run 24×7, and its version',
      tag: 'sla',
      access: 'technician',
      response: SlaPolicyView,
      async handler() {
        const { version, policy } = await currentSlaPolicy(deps.store);
        return { ...policy, version };
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/sla-policy',
      summary: 'Save a new SLA policy version for tickets opened from now on; ?recompute=open also moves every ticket not closed to it (see the preview)',
      tag: 'sla',
      access: 'admin',
      query: SlaPolicySaveQuery,
      body: SlaPolicy,
      response: SlaPolicySaved,
      errors: { 409: 'Another admin saved the policy at the same moment' },
      async handler({ body, user, query }) {
        const { version, recomputed } = await changeSlaPolicy(deps.store, body, user!.username, query.recompute);
        return { ...body, version, recomputed };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/sla-policy/preview',
      summary: 'What saving this policy with ?recompute=open would do to the open tickets, without saving it: how many would change SLA state, how many would become breached',
      tag: 'sla',
      access: 'admin',
      body: SlaPolicy,
      response: SlaPolicyPreview,
      handler: ({ body }) => previewSlaPolicy(deps.store, body),
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/sla',
      summary: 'SLA compliance (met, breached, %) of tickets created in a period, by priority, technician, channel and week; response and resolution times; breaches; satisfaction',
      tag: 'sla',
      access: 'technician',
      query: SlaReportQuery,
      response: SlaReport,
      handler: ({ query }) => report(query),
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/sla.csv',
      summary: 'The same report as CSV for a spreadsheet: one row per breakdown (total, priority, technician, channel, week)',
      tag: 'sla',
      access: 'technician',
      query: SlaReportQuery,
      response: z.string(),
      raw: { contentType: 'text/csv' },
      async handler({ query, res }) {
        const r = await report(query);
        const rows: (string | number | null)[][] = [];
        const add = (by: string, key: string, c: { met: number; breached: number; open: number; compliancePct: number | null }) => rows.push([by, key, c.met, c.breached, c.open, c.compliancePct]);
        add('total', '', r.total);
        for (const [p, c] of Object.entries(r.byPriority)) add('priority', p, c);
        for (const c of r.byTechnician) add('technician', c.technician, c);
        for (const [ch, c] of Object.entries(r.byChannel)) add('channel', ch, c);
        for (const c of r.byWeek) add('week', c.week, c);
        const csv = csvDocument(['by', 'key', 'met', 'breached', 'open', 'compliance_pct'], rows);
        return sendDownload(res, 'text/csv', `sla-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv`, csv);
      },
    }),
  ];
}
