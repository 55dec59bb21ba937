import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlaState } from '../../shared/api/tickets.js';
import { STORES } from '../../test/helpers/postgres.js';
import { openTicket } from '../commands/openTicket.js';
import { slaStateAt } from '../sla/clock.js';
import type { Store, StoredSla } from './types.js';

/** The ticket half of the store contract, on every implementation. */
describe.each(STORES)('Store contract, tickets: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    for (const [id, username, role] of [['req', 'emma', 'employee'], ['tech', 'tina', 'technician']] as const) {
      await store.users.create({ id, username, role, passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
    }
  });
  afterEach(() => store.close());

  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
  const create = (summary: string, o: { priority?: 'low' | 'normal' | 'high' | 'critical'; key?: string; minute?: number } = {}) =>
    store.tickets.create({
      summary,
      details: `${summary} details`,
      priority: o.priority ?? 'normal',
      status: 'new',
      requesterId: 'req',
      createdById: 'req',
      deviceId: null,
      idempotencyKey: o.key ?? null,
      createdAt: at(o.minute ?? 0),
      channel: 'web',
    });
  const sla = (s: Partial<StoredSla>): StoredSla => ({
    responseDueAt: null,
    resolveDueAt: null,
    responseRiskAt: null,
    resolveRiskAt: null,
    paused: false,
    breached: false,
    met: false,
    ...s,
  });

  it('lists in queue order, filters, and pages with a total', async () => {
    const a = await create('Printer jams', { priority: 'high', minute: 1 });
    const b = await create('VPN drops', { minute: 2 });
    const c = await create('New laptop', { priority: 'low', minute: 3 });
    const d = await create('Monitor flickers', { minute: 4 });
    await store.tickets.update(a, { sla: sla({ responseDueAt: at(50), resolveDueAt: at(300) }) });
    await store.tickets.update(b, { sla: sla({ responseDueAt: at(20), resolveDueAt: at(400) }), assigneeId: 'tech' });
    await store.tickets.update(c, { status: 'resolved', sla: sla({ met: true }) });
    const list = (f: object = {}) => store.tickets.list({ now: at(10), limit: 10, offset: 0, ...f });
    // Running clocks first, soonest due first; then tickets without a running clock, newest first.
    expect((await list()).tickets.map((t) => t.id)).toEqual([b, a, d, c]);
    expect(await list({ limit: 2, offset: 1 })).toMatchObject({ total: 4, tickets: [{ id: a }, { id: d }] });
    expect(await list({ status: 'resolved' })).toMatchObject({ total: 1, tickets: [{ id: c }] });
    // Totals follow status changes (on PostgreSQL they are kept by a trigger).
    expect((await list({ status: 'new' })).total).toBe(3);
    await store.tickets.update(d, { status: 'open' });
    expect([(await list({ status: 'new' })).total, (await list({ status: 'open' })).total, (await list()).total]).toEqual([2, 1, 4]);
    // Several statuses at once (the queue's open ones), with their total kept the same way.
    expect(await list({ status: ['new', 'open'] })).toMatchObject({ total: 3, tickets: [{ id: b }, { id: a }, { id: d }] });
    expect(await list({ status: ['new', 'open'], priority: 'high' })).toMatchObject({ total: 1 });
    await store.tickets.update(d, { status: 'new' });
    expect((await list({ priority: 'high' })).tickets.map((t) => t.id)).toEqual([a]);
    expect((await list({ assigneeId: 'tech' })).tickets).toMatchObject([{ id: b, assigneeName: 'tina', requesterName: 'emma' }]);
    expect((await list({ assigneeId: null })).total).toBe(3);
    expect((await list({ q: 'PRINTER' })).tickets.map((t) => t.id)).toEqual([a]);
    // LIKE's wildcards are taken literally.
    expect((await list({ q: '%' })).total).toBe(0);
    expect((await list({ requesterId: 'tech' })).total).toBe(0);
  });

  it('keeps comments, events and diagnostics in order', async () => {
    const id = await create('Slow PC');
    await store.tickets.addEvent(id, { at: at(1), actor: 'emma', type: 'created', data: { priority: 'normal' } });
    await store.tickets.addEvent(id, { at: at(2), actor: 'tina', type: 'status', data: { to: 'open' } });
    await store.tickets.addComment(id, { authorId: 'tech', body: 'Looking', internal: true, createdAt: at(3) });
    await store.tickets.addComment(id, { authorId: 'req', body: 'Thanks', internal: false, createdAt: at(4) });
    expect((await store.tickets.events(id)).map((e) => e.type)).toEqual(['created', 'status']);
    expect(await store.tickets.comments(id)).toMatchObject([
      { authorName: 'tina', internal: true },
      { authorName: 'emma', internal: false, body: 'Thanks' },
    ]);
    expect(await store.tickets.diagnostics(id)).toBeNull();
  });

  it('opens one ticket for eight concurrent sends of one idempotency key, without an error', async () => {
    const emma = (await store.users.findById('req'))!;
    const sends = Array.from({ length: 8 }, () => openTicket(store, emma, { summary: 'Mouse dead', details: '', priority: 'normal' }, 'user:req:k1'));
    const results = await Promise.all(sends);
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await store.tickets.list({ now: at(0), limit: 10, offset: 0 })).total).toBe(1);
  });

  it('filters by SLA state exactly as the clock computes it, over a grid of tickets and instants', async () => {
    // Every combination of flags and due/risk times before, at and after the instants asked.
    const times = [null, at(10), at(20), at(30)];
    const snapshots: StoredSla[] = [];
    for (const paused of [false, true])
      for (const met of [false, true])
        for (const breached of [false, true])
          for (const due of times)
            for (const risk of times) snapshots.push(sla({ paused, met, breached, responseDueAt: due, resolveDueAt: due && at(40), responseRiskAt: risk, resolveRiskAt: risk && at(35) }));
    const ids = new Map<number, StoredSla>();
    for (const s of snapshots) {
      const id = await create(`t${ids.size}`);
      await store.tickets.update(id, { sla: s });
      ids.set(id, s);
    }
    const ms = (t: string | null) => (t === null ? null : Date.parse(t));
    for (const now of [at(5), at(10), at(25), at(36), at(45)]) {
      for (const state of ['ok', 'at_risk', 'breached', 'paused', 'met'] as SlaState[]) {
        const expected = [...ids]
          .filter(([, s]) => slaStateAt({ ...s, responseDueAt: ms(s.responseDueAt), resolveDueAt: ms(s.resolveDueAt), responseRiskAt: ms(s.responseRiskAt), resolveRiskAt: ms(s.resolveRiskAt) }, Date.parse(now)) === state)
          .map(([id]) => id)
          .sort((x, y) => x - y);
        const got = (await store.tickets.list({ slaState: state, now, limit: 1000, offset: 0 })).tickets.map((t) => t.id).sort((x, y) => x - y);
        expect(got, `${state} at ${now}`).toEqual(expected);
      }
      // The counts for /metrics group by the same states, on open tickets only.
      const counts = await store.tickets.openCounts(now);
      for (const state of ['ok', 'at_risk', 'breached', 'paused', 'met'] as SlaState[]) {
        const expected = (await store.tickets.list({ slaState: state, now, limit: 1000, offset: 0 })).total;
        expect(counts.filter((c) => c.slaState === state && c.priority === 'normal').reduce((a, c) => a + c.count, 0), `${state} count at ${now}`).toBe(expected);
      }
    }
    const one = [...ids.keys()][0]!;
    await store.tickets.update(one, { status: 'resolved' });
    expect((await store.tickets.openCounts(at(5))).reduce((a, c) => a + c.count, 0)).toBe(ids.size - 1);
  });

  it('keeps settings as JSON by key, the last write winning', async () => {
    expect(await store.settings.get('sla')).toBeUndefined();
    await store.settings.put('sla', { a: 1 }, at(0));
    await store.settings.put('sla', { a: 2, list: ['x'] }, at(1));
    expect(await store.settings.get('sla')).toEqual({ a: 2, list: ['x'] });
  });

  it('records shell sessions, byte counts past 2^31 included, and ends those left open', async () => {
    const deviceId = randomUUID();
    await store.devices.create({ id: deviceId, hostname: 'pc', platform: 'linux', agentVersion: '1', secretHash: 'h', enrolledAt: at(0) });
    const ticketId = await create('Shell please');
    for (const [id, minute] of [['s1', 1], ['s2', 2]] as const) {
      await store.shellSessions.create({ id, deviceId, technicianId: 'tech', ticketId, reason: 'check', consentPolicy: 'prompt', requestedAt: at(minute), cols: 80, rows: 24, recordingFile: null });
    }
    await store.shellSessions.update('s1', { state: 'ended', endedAt: at(5), bytesOut: 5_000_000_000, recordingTruncated: true, endReason: 'closed' });
    expect(await store.shellSessions.findById('s1')).toMatchObject({ bytesOut: 5_000_000_000, recordingTruncated: true, hostname: 'pc', technicianName: 'tina', ticketId });
    expect((await store.shellSessions.list({ technicianId: 'tech', limit: 10, offset: 0 })).map((s) => s.id)).toEqual(['s2', 's1']);
    expect(await store.shellSessions.endAllOpen(at(9), 'server_shutdown')).toBe(1);
    expect(await store.shellSessions.findById('s2')).toMatchObject({ state: 'ended', endReason: 'server_shutdown' });
  });

  it("links a PC's users, confirms them, and counts accounts made on the fly", async () => {
    const deviceId = randomUUID();
    await store.devices.create({ id: deviceId, hostname: 'pc', platform: 'linux', agentVersion: '1', secretHash: 'h', enrolledAt: at(0) });
    expect(await store.deviceUsers.link({ deviceId, userId: 'req', at: at(1), confirmedBy: null, createdAccount: true })).toBe(true);
    expect(await store.deviceUsers.link({ deviceId, userId: 'req', at: at(2), confirmedBy: null, createdAccount: true })).toBe(false);
    expect(await store.deviceUsers.accountsCreatedSince(deviceId, at(0))).toBe(1);
    expect(await store.deviceUsers.accountsCreatedSince(deviceId, at(2))).toBe(0);
    expect(await store.deviceUsers.confirm(deviceId, 'req', 'admin', at(3))).toBe(true);
    expect(await store.deviceUsers.find(deviceId, 'req')).toMatchObject({ confirmedAt: at(3), confirmedBy: 'admin' });
    expect(await store.deviceUsers.unlink(deviceId, 'req')).toBe(true);
    expect(await store.deviceUsers.list(deviceId)).toEqual([]);
  });
});
