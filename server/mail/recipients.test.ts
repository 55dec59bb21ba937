import { describe, expect, it } from 'vitest';
import type { MailSettings } from '../../shared/api/mail.js';
import type { Role } from '../../shared/roles.js';
import type { Notice, NoticeKind, Ticket, User } from '../storage/types.js';
import { recipientsOf } from './recipients.js';

const user = (username: string, role: Role, extra: Partial<User> = {}): User => ({
  id: `id-${username}`,
  username,
  role,
  passwordHash: 'x',
  createdAt: '2026-01-01T00:00:00.000Z',
  name: null,
  phone: null,
  contact: false,
  twoFactor: false,
  email: `${username}@example.com`,
  disabledAt: null,
  deletedAt: null,
  tokenVersion: 0,
  ...extra,
});
const alice = user('alice', 'employee');
const tom = user('tom', 'technician');
const tina = user('tina', 'technician');
const ada = user('ada', 'admin');
const gone = user('gone', 'technician', { disabledAt: '2026-01-02T00:00:00.000Z' });
const noMail = user('nomail', 'technician', { email: null });
const staff = [tom, tina, ada, gone, noMail];
const ticket = { id: 7, requesterId: alice.id, assigneeId: tom.id } as Ticket;
const technicians: MailSettings = { newTicketTo: { mode: 'technicians' } };

function who(kind: NoticeKind, actor: User | null, data: Record<string, unknown> = {}, o: { assignee?: User; settings?: MailSettings } = {}) {
  const notice: Notice = { id: 1, ticketId: 7, kind, actorId: actor?.id ?? null, data, createdAt: '' };
  const assignee = 'assignee' in o ? o.assignee : tom;
  return recipientsOf(notice, { ticket, requester: alice, assignee, staff, settings: o.settings ?? technicians }).map((r) => `${r.kind}:${r.address}`);
}

describe('who is told of what', () => {
  it.each([
    ['a new request: the requester, and every reachable technician and admin', 'created', alice, {}, {}, ['ticket_opened:alice@example.com', 'new_ticket:tom@example.com', 'new_ticket:tina@example.com', 'new_ticket:ada@example.com']],
    ['a request opened by a technician for someone: not that technician', 'created', tina, {}, {}, ['ticket_opened:alice@example.com', 'new_ticket:tom@example.com', 'new_ticket:ada@example.com']],
    ['a new request with a team address: the address once', 'created', alice, {}, { settings: { newTicketTo: { mode: 'address', address: 'desk@example.com' } } }, ['ticket_opened:alice@example.com', 'new_ticket:desk@example.com']],
    ['a technician’s public reply: the requester', 'comment', tom, { internal: false }, {}, ['public_reply:alice@example.com']],
    ['an internal note: nobody', 'comment', tom, { internal: true }, {}, []],
    ['the requester’s reply: the assignee', 'comment', alice, { internal: false }, {}, ['requester_replied:tom@example.com']],
    ['the requester’s reply on an unassigned ticket: the technicians', 'comment', alice, { internal: false }, { assignee: undefined }, ['requester_replied:tom@example.com', 'requester_replied:tina@example.com', 'requester_replied:ada@example.com']],
    ['waiting on the requester: the requester', 'status', tom, { to: 'waiting' }, {}, ['waiting_on_you:alice@example.com']],
    ['resolved: the requester', 'status', tom, { to: 'resolved' }, {}, ['resolved:alice@example.com']],
    ['reopened by the requester herself: nobody', 'status', alice, { to: 'open' }, {}, []],
    ['other status changes: nobody', 'status', tom, { to: 'open' }, {}, []],
    ['assigned by someone else: the assignee', 'assigned', ada, { to: tom.id }, {}, ['assigned:tom@example.com']],
    ['taken by the technician herself: nobody', 'assigned', tom, { to: tom.id }, {}, []],
    ['assigned, then assigned again before the notice was handled: nobody', 'assigned', ada, { to: tina.id }, {}, []],
    ['at risk: the assignee', 'sla_risk', null, {}, {}, ['sla_at_risk:tom@example.com']],
    ['at risk and unassigned: the admins', 'sla_risk', null, {}, { assignee: undefined }, ['sla_at_risk:ada@example.com']],
    ['breached: the assignee, then the admins', 'sla_breach', null, {}, {}, ['sla_breached:tom@example.com', 'sla_breached:ada@example.com']],
  ] as const)('%s', (_name, kind, actor, data, o, expected) => {
    expect(who(kind, actor, data, o as { assignee?: User; settings?: MailSettings })).toEqual(expected);
  });

  it('skips a requester without an address', () => {
    const notice: Notice = { id: 1, ticketId: 7, kind: 'comment', actorId: tom.id, data: {}, createdAt: '' };
    expect(recipientsOf(notice, { ticket, requester: { ...alice, email: null }, assignee: tom, staff, settings: technicians })).toEqual([]);
  });
});
