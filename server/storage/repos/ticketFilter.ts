import { sql, type Expression, type SqlBool } from 'kysely';
import type { TicketFilter } from '../types.js';
import { containsPattern, escapeLike } from './like.js';
import { inHits, READ_HITS_BY_ID, type TextHits } from './ticketText.js';
import type { TicketEb } from './ticketTotals.js';

/** The SQL form of slaStateAt() in server/sla/clock.ts: the same rules, evaluated at `now`. */
export function slaConditions(now: string) {
  // A missing time compares as null: coalesced, so "no due time" means "not overdue" as in the clock.
  const overdue = sql<boolean>`coalesce(t.response_due_at <= ${now} or t.resolve_due_at <= ${now}, false)`;
  const risky = sql<boolean>`coalesce(t.response_risk_at <= ${now} or t.resolve_risk_at <= ${now}, false)`;
  const breached = sql<boolean>`(t.sla_breached = 1 or (t.sla_met = 0 and t.sla_paused = 0 and ${overdue}))`;
  const conditions = {
    breached,
    met: sql<boolean>`(t.sla_met = 1 and not ${breached})`,
    paused: sql<boolean>`(t.sla_paused = 1 and t.sla_met = 0 and not ${breached})`,
    at_risk: sql<boolean>`(t.sla_met = 0 and t.sla_paused = 0 and not ${breached} and ${risky})`,
    ok: sql<boolean>`(t.sla_met = 0 and t.sla_paused = 0 and not ${breached} and not ${risky})`,
  };
  return conditions;
}

function slaStateIs(state: NonNullable<TicketFilter['slaState']>, now: string) {
  const conditions = slaConditions(now);
  return (_eb: TicketEb) => conditions[state];
}

/**
 * The list filters as one condition on `t`, shared by the page query and its count; null when
 * there is none, since even `where 1 = 1` costs SQLite its fast whole-table count. `hits` are
 * the matches of the text search already gathered on SQLite (see ticketText.ts).
 */
export function ticketFilter(f: TicketFilter, hits: TextHits | null): ((eb: TicketEb) => Expression<SqlBool>) | null {
  const conditions: ((eb: TicketEb) => Expression<SqlBool>)[] = [];
  const { status, priority, assigneeId, requesterId, deviceId, slaState, q, category, tag, createdFrom, createdTo, finding } = f;
  if (createdFrom) conditions.push((eb) => eb('t.created_at', '>=', createdFrom));
  if (createdTo) conditions.push((eb) => eb('t.created_at', '<', createdTo));
  if (finding) {
    const pattern = `%"code":"${escapeLike(finding)}"%`;
    conditions.push(() => sql<boolean>`exists (select 1 from ticket_diagnostics d where d.ticket_id = t.id and d.findings like ${pattern} escape '\\')`);
  }
  if (category) conditions.push((eb) => eb('t.category', '=', category));
  // Tags are lowercase words stored as a JSON list: the quoted word matches that tag only.
  if (tag) conditions.push(() => sql<boolean>`t.tags like ${`%"${escapeLike(tag)}"%`} escape '\\'`);
  if (typeof status === 'string') conditions.push((eb) => eb('t.status', '=', status));
  else if (status) conditions.push((eb) => eb('t.status', 'in', [...status]));
  if (priority) conditions.push((eb) => eb('t.priority', '=', priority));
  if (assigneeId === null) conditions.push((eb) => eb('t.assignee_id', 'is', null));
  else if (assigneeId !== undefined) conditions.push((eb) => eb('t.assignee_id', '=', assigneeId));
  if (requesterId) conditions.push((eb) => eb('t.requester_id', '=', requesterId));
  if (deviceId) conditions.push((eb) => eb('t.device_id', '=', deviceId));
  if (slaState) conditions.push(slaStateIs(slaState, f.now));
  if (hits) {
    // Few matches are the tickets the list reads (ticketsOfHits); many are checked in the walk.
    if (hits.count > READ_HITS_BY_ID) conditions.push(inHits);
  } else if (q) {
    const p = containsPattern(q);
    conditions.push(() => sql<boolean>`(lower(t.summary) like ${p} escape '\\' or lower(t.details) like ${p} escape '\\')`);
  }
  return conditions.length ? (eb) => eb.and(conditions.map((c) => c(eb))) : null;
}
