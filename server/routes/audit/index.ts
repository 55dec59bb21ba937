import { z } from 'zod';
import { AuditEntry, AuditList, AuditQuery } from '../../../shared/api/audit.js';
import { csvDocument } from '../../../shared/csv.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';
import type { AuditRecord } from '../../storage/types.js';
import { sendDownload } from '../../http/download.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** As many entries as one CSV export holds. */
const EXPORT_MAX = 10_000;

export function auditRoutes(deps: AppDeps) {
  const { store } = deps;
  /** What each entry's target is called: users and PCs by their ids, tickets by number. */
  const named = async (entries: AuditRecord[]): Promise<z.infer<typeof AuditEntry>[]> => {
    const ids = [...new Set(entries.map((e) => e.target).filter((t): t is string => !!t && UUID.test(t)))];
    const names = new Map<string, string>();
    if (ids.length) {
      for (const u of await store.users.list()) if (ids.includes(u.id)) names.set(u.id, u.username);
      for (const d of await store.devices.findByIds(ids.filter((id) => !names.has(id)))) names.set(d.id, d.hostname);
    }
    return entries.map((e) => ({
      ...e,
      targetName: e.target === null ? null : (names.get(e.target) ?? (e.action.startsWith('ticket.') && /^\d+$/.test(e.target) ? `#${e.target}` : null)),
    }));
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/audit',
      summary: 'The audit log, newest first, filtered by action, actor, text and period; X-Total-Count gives the total',
      tag: 'audit',
      access: 'admin',
      query: AuditQuery,
      response: AuditList,
      headers: { 'X-Total-Count': 'How many entries match the filters, before paging' },
      async handler({ query, res }) {
        const { entries, total } = await store.audit.list(query);
        res.setHeader('X-Total-Count', String(total));
        return named(entries);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/audit.csv',
      summary: `The audit log as CSV with the same filters (at most ${EXPORT_MAX.toLocaleString('en')} entries, newest first)`,
      tag: 'audit',
      access: 'admin',
      query: AuditQuery,
      response: z.string(),
      raw: { contentType: 'text/csv' },
      async handler({ query, res }) {
        const { entries } = await store.audit.list({ ...query, limit: EXPORT_MAX, offset: 0 });
        const rows = (await named(entries)).map((e) => [e.at, e.actor, e.action, e.target, e.targetName, JSON.stringify(e.details)]);
        const csv = csvDocument(['at', 'actor', 'action', 'target', 'target_name', 'details'], rows);
        return sendDownload(res, 'text/csv', 'audit.csv', csv);
      },
    }),
  ];
}
