import { describe, expect, it } from 'vitest';
import type { TicketActivity } from '../../../shared/api/live.js';
import { alertFor } from './alerts.js';

const a = (over: Partial<TicketActivity>): TicketActivity => ({
  ticketId: 9,
  change: 'comment',
  at: '2026-12-01T10:00:00.000Z',
  actorId: 'req',
  requesterId: 'req',
  assigneeId: 'tina',
  status: 'open',
  deviceId: null,
  internal: false,
  version: '2026-12-01T10:00:00.000Z',
  ...over,
});
const tina = { id: 'tina', role: 'technician' as const };
const other = { id: 'otto', role: 'technician' as const };
const boss = { id: 'ada', role: 'admin' as const };

describe('which changes a technician is notified of', () => {
  it.each([
    ['a ticket assigned to her', tina, { change: 'assigned', actorId: 'ada' }, '#9 was assigned to you'],
    ['not her own assignment of it', tina, { change: 'assigned', actorId: 'tina' }, null],
    ['not a ticket assigned to someone else', other, { change: 'assigned', actorId: 'ada' }, null],
    ['the requester replying on her ticket', tina, {}, '#9: the requester replied'],
    ['the requester replying on an unassigned ticket', other, { assigneeId: null }, '#9: the requester replied'],
    ['not the requester replying on another’s ticket', other, {}, null],
    ['not a technician’s reply', tina, { actorId: 'otto' }, null],
    ['a breach of her ticket', tina, { change: 'sla_breach', actorId: null }, '#9 missed its SLA target'],
    ['a breach of an unassigned ticket', other, { change: 'sla_breach', actorId: null, assigneeId: null }, '#9 missed its SLA target'],
    ['every breach, as an admin', boss, { change: 'sla_breach', actorId: null }, '#9 missed its SLA target'],
    ['not another’s breach', other, { change: 'sla_breach', actorId: null }, null],
    ['not a risk, a priority or a status change', tina, { change: 'sla_risk', actorId: null }, null],
  ] as const)('%s', (_, me, over, expected) => {
    expect(alertFor(a(over as Partial<TicketActivity>), me)).toBe(expected);
  });
});
