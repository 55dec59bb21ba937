import { sql, type Kysely, type Selectable } from 'kysely';
import { AlertCondition } from '../../../shared/api/alerts.js';
import { Priority } from '../../../shared/api/tickets.js';
import type { Alert, AlertRepo, AlertRule, AlertState } from '../alertTypes.js';
import type { AlertRulesTable, Database } from '../schema.js';
import { containsPattern } from './like.js';

const toRule = (r: Selectable<AlertRulesTable>): AlertRule => ({
  id: Number(r.id),
  name: r.name,
  condition: AlertCondition.parse(JSON.parse(r.condition)),
  action: r.action === 'notify' ? 'notify' : 'ticket',
  priority: Priority.catch('normal').parse(r.priority),
  group: r.grp,
  forMinutes: Number(r.for_minutes),
  enabled: Number(r.enabled) === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export function alertRepo(db: Kysely<Database>): AlertRepo {
  const alerts = () =>
    db
      .selectFrom('alerts as a')
      .innerJoin('alert_rules as r', 'r.id', 'a.rule_id')
      .innerJoin('devices as d', 'd.id', 'a.device_id')
      .select(['a.id', 'a.rule_id', 'r.name as rule', 'a.device_id', sql<string>`coalesce(d.display_name, d.hostname)`.as('device'), 'a.state', 'a.detail', 'a.since', 'a.fired_at', 'a.resolved_at', 'a.ticket_id']);
  type Row = Awaited<ReturnType<ReturnType<typeof alerts>['execute']>>[number];
  const toAlert = (r: Row): Alert => ({
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    rule: r.rule,
    deviceId: r.device_id,
    device: r.device,
    state: r.state as AlertState,
    detail: r.detail,
    since: r.since,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
  });
  const ruleRow = (r: Omit<AlertRule, 'id' | 'createdAt' | 'createdBy'>) => ({
    name: r.name,
    condition: JSON.stringify(r.condition),
    action: r.action,
    priority: r.priority,
    grp: r.group,
    for_minutes: r.forMinutes,
    enabled: r.enabled ? 1 : 0,
  });
  return {
    async rules() {
      return (await db.selectFrom('alert_rules').selectAll().orderBy('name').orderBy('id').execute()).map(toRule);
    },
    async findRule(id) {
      const r = await db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRule(r);
    },
    async addRule(r) {
      const row = await db
        .insertInto('alert_rules')
        .values({ ...ruleRow(r), created_at: r.createdAt, created_by: r.createdBy })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async updateRule(id, r) {
      const u = await db.updateTable('alert_rules').set(ruleRow(r)).where('id', '=', id).executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async deleteRule(id) {
      const d = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
      return Number(d.numDeletedRows) > 0;
    },
    async open() {
      return (await alerts().where('a.state', '<>', 'resolved').orderBy('a.id').execute()).map(toAlert);
    },
    async addPending(a) {
      const r = await db
        .insertInto('alerts')
        .values({ rule_id: a.ruleId, device_id: a.deviceId, state: 'pending', detail: a.detail, since: a.since, fired_at: null, resolved_at: null, ticket_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async fire(id, at, ticketId) {
      const u = await db.updateTable('alerts').set({ state: 'active', fired_at: at, ticket_id: ticketId }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async resolve(id, at) {
      const u = await db.updateTable('alerts').set({ state: 'resolved', resolved_at: at }).where('id', '=', id).where('state', '<>', 'resolved').executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async setDetail(id, detail) {
      await db.updateTable('alerts').set({ detail }).where('id', '=', id).execute();
    },
    async dropPending(id) {
      await db.deleteFrom('alerts').where('id', '=', id).where('state', '=', 'pending').execute();
    },
    async list(f) {
      let q = alerts().where('a.state', '=', f.state);
      if (f.deviceId) q = q.where('a.device_id', '=', f.deviceId);
      if (f.ruleId) q = q.where('a.rule_id', '=', f.ruleId);
      const [rows, total] = await Promise.all([
        q.orderBy('a.id', 'desc').limit(f.limit).offset(f.offset).execute(),
        q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { alerts: rows.map(toAlert), total: Number(total.n) };
    },
    async devicesWithSoftware(name) {
      const rows = await db
        .selectFrom('device_software')
        .select('device_id')
        .distinct()
        .where('live', '=', 1)
        .where(sql<string>`lower(name)`, 'like', sql<string>`${containsPattern(name)} escape '\\'`)
        .execute();
      return new Set(rows.map((r) => r.device_id));
    },
  };
}
