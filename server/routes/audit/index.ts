import { AuditList, AuditQuery } from '../../../shared/api/audit.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';
import { presentAudit } from '../../presenters/index.js';

export function auditRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/v1/audit',
      summary: 'The audit log, newest first',
      tag: 'audit',
      access: 'admin',
      query: AuditQuery,
      response: AuditList,
      handler: async ({ query }) => (await deps.store.audit.list(query)).map(presentAudit),
    }),
  ];
}
