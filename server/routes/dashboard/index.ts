import { Dashboard, DashboardQuery } from '../../../shared/api/dashboard.js';
import { dashboard } from '../../commands/dashboard.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

export function dashboardRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/v1/dashboard',
      summary: 'What the dashboard charts: tickets opened and resolved per day, SLA compliance per week, backlog by age, the fleet by OS and agent version, findings',
      tag: 'tickets',
      access: 'technician',
      query: DashboardQuery,
      response: Dashboard,
      handler: ({ query }) => dashboard(deps.store, query.days, query.weeks),
    }),
  ];
}
