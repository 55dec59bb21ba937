import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { NewMail, StoredSla, Store } from './types.js';

/** The mail tables' contract (notices, outbox, preferences, SLA notices) on every engine. */
describe.each(STORES)('Store contract, mail: %s', (name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.users.create({ id: 'req', username: 'req', role: 'employee', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
  });
  afterEach(() => store.close());

  const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
  const addTicket = () =>
    store.tickets.create({ summary: 's', details: 'd', priority: 'normal', status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: T(0), channel: 'web' });
  const mail = (n: number, ticketId: number | null = null): NewMail => ({
    kind: 'ticket_opened',
    ticketId,
    recipient: `r${n}@example.com`,
    subject: `[#1] m${n}`,
    text: 't',
    html: '<p>t</p>',
    messageId: `<m${n}@example.com>`,
    referencesId: '<ticket-1@example.com>',
    createdAt: T(0),
  });

  it('claims each due message once, retries it later, marks it sent', async () => {
    const [a, b] = [await store.outbox.enqueue(mail(1, await addTicket())), await store.outbox.enqueue(mail(2))];
    const claimed = await store.outbox.claim(T(1), 10);
    expect(claimed.map((m) => [m.id, m.state, m.claimedAt])).toEqual([
      [a, 'sending', T(1)],
      [b, 'sending', T(1)],
    ]);
    expect(await store.outbox.claim(T(1), 10)).toEqual([]);
    await store.outbox.markRetry(a, 'ECONNREFUSED', T(10));
    await store.outbox.markSent(b, T(2));
    expect(await store.outbox.claim(T(9), 10)).toEqual([]);
    const again = await store.outbox.claim(T(10), 10);
    expect(again.map((m) => [m.id, m.attempts, m.lastError])).toEqual([[a, 1, 'ECONNREFUSED']]);
    expect(await store.outbox.findByMessageId('<m2@example.com>')).toMatchObject({ state: 'sent', sentAt: T(2), attempts: 1 });
    expect(await store.outbox.counts()).toMatchObject({ pending: 0, sending: 1, sent: 1, failed: 0, unknown: 0 });
  });

  it('takes a message claimed by a sender that died for unknown, never pending, until an admin sends it again', async () => {
    const a = await store.outbox.enqueue(mail(1));
    await store.outbox.claim(T(1), 10);
    expect(await store.outbox.abandon(T(1), 'lost')).toBe(0);
    expect(await store.outbox.abandon(T(2), 'lost')).toBe(1);
    expect(await store.outbox.claim(T(30), 10)).toEqual([]);
    expect((await store.outbox.list({ state: 'unknown', limit: 10, offset: 0 })).messages.map((m) => [m.id, m.lastError])).toEqual([[a, 'lost']]);
    expect(await store.outbox.retry(a, T(3))).toBe(true);
    expect(await store.outbox.retry(a, T(3))).toBe(false);
    expect((await store.outbox.claim(T(3), 10)).map((m) => m.id)).toEqual([a]);
    await store.outbox.markFailed(a, '550 no such user');
    expect((await store.outbox.list({ state: 'failed', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('never hands one message to two senders claiming at once', async () => {
    for (let i = 0; i < 20; i++) await store.outbox.enqueue(mail(i));
    const claims = await Promise.all(Array.from({ length: 4 }, () => store.outbox.claim(T(1), 5)));
    const ids = claims.flatMap((c) => c.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
  });

  it('hands out pending notices in order; two transactions at once take different ones', async () => {
    const ticketId = await addTicket();
    for (const kind of ['created', 'comment', 'status'] as const) await store.notices.add({ ticketId, kind, actorId: 'req', data: { k: kind }, createdAt: T(0) });
    const first = await store.transaction(async (repos) => {
      const taken = await repos.notices.takePending(2);
      await repos.notices.markDone(taken.map((n) => n.id));
      return taken;
    });
    expect(first.map((n) => [n.kind, n.data.k, n.actorId])).toEqual([
      ['created', 'created', 'req'],
      ['comment', 'comment', 'req'],
    ]);
    if (name === 'postgres') {
      await store.notices.add({ ticketId, kind: 'assigned', actorId: null, data: {}, createdAt: T(0) });
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      const one = store.transaction(async (repos) => {
        const taken = await repos.notices.takePending(1);
        await held;
        return taken.map((n) => n.kind);
      });
      await new Promise((r) => setTimeout(r, 100));
      const other = await store.transaction(async (repos) => (await repos.notices.takePending(5)).map((n) => n.kind));
      release();
      expect([await one, other]).toEqual([['status'], ['assigned']]);
    } else {
      expect((await store.notices.takePending(5)).map((n) => n.kind)).toEqual(['status']);
    }
  });

  it('tells its listeners of notices once committed, in order, and of none from a rolled-back transaction', async () => {
    const ticketId = await addTicket();
    const heard: string[] = [];
    store.onNotices((ns) => heard.push(ns.map((n) => n.kind).join('+')));
    let inside = '';
    await store.transaction(async (repos) => {
      await repos.notices.add({ ticketId, kind: 'comment', actorId: 'req', data: {}, createdAt: T(0) });
      await repos.notices.add({ ticketId, kind: 'status', actorId: 'req', data: {}, createdAt: T(0) });
      inside = heard.join(',');
    });
    expect(inside).toBe('');
    await expect(
      store.transaction(async (repos) => {
        await repos.notices.add({ ticketId, kind: 'priority', actorId: 'req', data: {}, createdAt: T(0) });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await store.notices.add({ ticketId, kind: 'assigned', actorId: null, data: {}, createdAt: T(0) });
    expect(heard).toEqual(['comment+status', 'assigned']);
    expect((await store.notices.takePending(10)).map((n) => n.kind)).toEqual(['comment', 'status', 'assigned']);
  });

  it('keeps notification preferences per user and kind, all on by default', async () => {
    await store.users.create({ id: 'tom', username: 'tom', role: 'technician', passwordHash: 'x', createdAt: T(0) });
    expect(Object.values(await store.notificationPrefs.get('tom')).every(Boolean)).toBe(true);
    await store.notificationPrefs.set('tom', { new_ticket: false, assigned: true });
    await store.notificationPrefs.set('tom', { sla_at_risk: false });
    const prefs = await store.notificationPrefs.get('tom');
    expect([prefs.new_ticket, prefs.assigned, prefs.sla_at_risk, prefs.sla_breached]).toEqual([false, true, false, true]);
    expect([...(await store.notificationPrefs.optedOut(['tom', 'req'], 'new_ticket'))]).toEqual(['tom']);
    expect((await store.notificationPrefs.optedOut(['tom'], 'assigned')).size).toBe(0);
  });

  it('finds clocks at risk or breached once per due time, on open tickets only', async () => {
    const sla = (s: Partial<StoredSla>): StoredSla => ({ responseDueAt: null, resolveDueAt: null, responseRiskAt: null, resolveRiskAt: null, paused: false, breached: false, met: false, ...s });
    const a = await addTicket();
    const b = await addTicket();
    const c = await addTicket();
    await store.tickets.update(a, { sla: sla({ responseRiskAt: T(5), responseDueAt: T(10), resolveRiskAt: T(50), resolveDueAt: T(60) }) });
    await store.tickets.update(b, { sla: sla({ responseRiskAt: T(5), responseDueAt: T(10), paused: true }) });
    await store.tickets.update(c, { status: 'resolved', sla: sla({ resolveDueAt: T(1) }) });
    expect(await store.slaNotices.due(T(4), 10)).toEqual([]);
    const due = await store.slaNotices.due(T(11), 10);
    expect(due).toEqual([
      { ticketId: a, notice: 'response_risk', dueAt: T(5) },
      { ticketId: a, notice: 'response_breach', dueAt: T(10) },
    ]);
    expect(await store.slaNotices.record(due[0]!)).toBe(true);
    expect(await store.slaNotices.record(due[0]!)).toBe(false);
    expect((await store.slaNotices.due(T(11), 10)).map((d) => d.notice)).toEqual(['response_breach']);
    await store.tickets.update(a, { firstResponseAt: T(11) });
    expect(await store.slaNotices.due(T(11), 10)).toEqual([]);
  });
});
