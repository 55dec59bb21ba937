import type { AlertRuleInput, AlertRuleView } from '../../shared/api/alerts.js';
import { notFound } from '../errors.js';
import type { AlertRule, Store, User } from '../storage/types.js';
import { audit } from './audit.js';

export const presentAlertRule = (r: AlertRule): AlertRuleView => ({
  id: r.id,
  name: r.name,
  condition: r.condition,
  action: r.action,
  priority: r.priority,
  group: r.group,
  forMinutes: r.forMinutes,
  enabled: r.enabled,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

export async function addAlertRule(store: Store, actor: User, input: AlertRuleInput): Promise<AlertRule> {
  const id = await store.transaction(async (repos) => {
    const ruleId = await repos.alerts.addRule({ ...input, createdAt: new Date().toISOString(), createdBy: actor.username });
    await audit(repos, actor.username, 'alert_rule.create', String(ruleId), { name: input.name, condition: input.condition, action: input.action });
    return ruleId;
  });
  return (await store.alerts.findRule(id))!;
}

/** A changed rule applies from the next look: alerts it no longer raises end then. */
export async function changeAlertRule(store: Store, actor: User, id: number, input: AlertRuleInput): Promise<AlertRule> {
  await store.transaction(async (repos) => {
    if (!(await repos.alerts.updateRule(id, input))) throw notFound('alert rule');
    await audit(repos, actor.username, 'alert_rule.update', String(id), { name: input.name, condition: input.condition, action: input.action, enabled: input.enabled });
  });
  return (await store.alerts.findRule(id))!;
}

/** Deleting a rule deletes its alerts; the tickets they opened stay, as any ticket does. */
export async function deleteAlertRule(store: Store, actor: User, id: number): Promise<void> {
  await store.transaction(async (repos) => {
    const rule = await repos.alerts.findRule(id);
    if (!rule || !(await repos.alerts.deleteRule(id))) throw notFound('alert rule');
    await audit(repos, actor.username, 'alert_rule.delete', String(id), { name: rule.name });
  });
}
