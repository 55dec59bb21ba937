import { SlaPolicy, SlaReport, SlaReportQuery } from '../../../shared/api/sla.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { changeSlaPolicy } from '../../commands/changeSlaPolicy.js';
import { slaReport } from '../../commands/slaReport.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { route } from '../../http/route.js';
import { loadSlaPolicy } from '../../sla/policy.js';

export function slaRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/v1/sla-policy',
      summary: 'SLA targets per priority and the business calendar (null: 24×7)',
      tag: 'sla',
      access: 'technician',
      response: SlaPolicy,
      handler: () => loadSlaPolicy(deps.store),
    }),
    route({
      method: 'put',
      path: '/api/v1/sla-policy',
      summary: 'Replace the SLA policy; every ticket not closed is measured against it at once',
      tag: 'sla',
      access: 'admin',
      body: SlaPolicy,
      response: SlaPolicy,
      async handler({ body, user }) {
        await changeSlaPolicy(deps.store, body, user!.username);
        return loadSlaPolicy(deps.store);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/sla',
      summary: 'SLA compliance (met, breached, %) of tickets created in a period, by priority and technician',
      tag: 'sla',
      access: 'technician',
      query: SlaReportQuery,
      response: SlaReport,
      handler({ query }) {
        if (Date.parse(query.from) >= Date.parse(query.to)) throw new AppError(ErrorCode.invalidInput, 'query.to: must be after from');
        return slaReport(deps.store, query.from, query.to);
      },
    }),
  ];
}
