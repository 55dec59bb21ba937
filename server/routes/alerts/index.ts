import { z } from 'zod';
import { AlertListQuery, AlertRuleInput, AlertRuleParams, AlertRuleView, AlertView } from '../../../shared/api/alerts.js';
import { addAlertRule, changeAlertRule, deleteAlertRule, presentAlertRule } from '../../commands/alertRules.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

/** Alert rules (admins keep them) and the alerts they raise across the fleet. */
export function alertRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/alert-rules',
      summary: 'The alert rules, by name',
      tag: 'alerts',
      access: 'technician',
      response: z.array(AlertRuleView),
      handler: async () => (await store.alerts.rules()).map(presentAlertRule),
    }),
    route({
      method: 'post',
      path: '/api/v1/alert-rules',
      summary: 'Adds an alert rule; it is looked at on every PC from the next look (DESKSIDE_ALERT_SECONDS)',
      tag: 'alerts',
      access: 'admin',
      body: AlertRuleInput,
      response: AlertRuleView,
      status: 201,
      handler: async ({ body, user }) => presentAlertRule(await addAlertRule(store, user!, body)),
    }),
    route({
      method: 'put',
      path: '/api/v1/alert-rules/:id',
      summary: 'Replaces an alert rule; alerts it no longer raises end at the next look',
      tag: 'alerts',
      access: 'admin',
      params: AlertRuleParams,
      body: AlertRuleInput,
      response: AlertRuleView,
      handler: async ({ params, body, user }) => presentAlertRule(await changeAlertRule(store, user!, params.id, body)),
    }),
    route({
      method: 'delete',
      path: '/api/v1/alert-rules/:id',
      summary: 'Deletes an alert rule and its alerts (the tickets they opened stay)',
      tag: 'alerts',
      access: 'admin',
      params: AlertRuleParams,
      response: null,
      handler: ({ params, user }) => deleteAlertRule(store, user!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/alerts',
      summary: 'Alerts across the fleet, newest first (active by default); X-Total-Count gives the total',
      tag: 'alerts',
      access: 'technician',
      query: AlertListQuery,
      response: z.array(AlertView),
      headers: { 'X-Total-Count': 'How many alerts match, before paging' },
      async handler({ query, res }) {
        const { alerts, total } = await store.alerts.list({ state: query.state, deviceId: query.device, ruleId: query.rule, limit: query.limit, offset: query.offset });
        res.setHeader('X-Total-Count', String(total));
        return alerts;
      },
    }),
  ];
}
