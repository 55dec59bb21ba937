import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Priority, TicketStatus } from '../../shared/api/tickets.js';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

const STATUSES: TicketStatus[] = ['new', 'open', 'waiting', 'resolved', 'closed'];
const PRIORITIES: Priority[] = ['critical', 'high', 'normal', 'low'];

describe.each(STORES)('Store contract, queue totals and text search: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.users.create({ id: 'req', username: 'emma', role: 'employee', passwordHash: 'x', createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  const create = (summary: string, details = '', priority: Priority = 'normal') =>
    store.tickets.create({ summary, details, priority, status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: '2026-01-05T09:00:00Z', channel: 'web' });
  const list = (filter: { status?: TicketStatus | TicketStatus[]; priority?: Priority; q?: string }) => store.tickets.list({ ...filter, now: '2026-01-05T10:00:00Z', limit: 500, offset: 0 });

  it('keeps the totals per status and priority right through every change, as a count of the list would', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await create(`t${i}`, '', PRIORITIES[i % 4]));
    // A fixed walk of status and priority changes, some back and forth, some to the same value.
    for (let i = 0; i < 120; i++) {
      const id = ids[(i * 7) % ids.length]!;
      await store.tickets.update(id, i % 3 === 0 ? { priority: PRIORITIES[(i * 5) % 4] } : { status: STATUSES[(i * 3) % 5] });
    }
    await store.transaction(async (repos) => {
      await repos.tickets.update(ids[0]!, { status: 'closed', priority: 'low' });
      throw new Error('rolled back');
    }).catch(() => undefined);
    for (const status of [undefined, ...STATUSES, ['new', 'open', 'waiting'] as TicketStatus[]]) {
      for (const priority of [undefined, ...PRIORITIES]) {
        const { tickets, total } = await list({ status, priority });
        expect({ status, priority, total }).toEqual({ status, priority, total: tickets.length });
      }
    }
  });

  it('finds text anywhere in the summary or details, without case, with the other filters', async () => {
    const printer = await create('Printer JAMS on tray 2', 'Since the "big" update');
    const vpn = await create('VPN drops', 'every hour, since Monday');
    await create('Mouse', 'squeaks');
    const found = async (q: string) => (await list({ q })).tickets.map((t) => t.id).sort();
    expect(await found('jams')).toEqual([printer]);
    expect(await found('nter ja')).toEqual([printer]);
    expect(await found('since')).toEqual([printer, vpn].sort());
    expect(await found('"big"')).toEqual([printer]);
    expect(await found('ay')).toEqual([printer, vpn].sort());
    expect(await found('100%')).toEqual([]);
    expect((await list({ q: 'since', status: 'new' })).total).toBe(2);
    await store.tickets.update(vpn, { status: 'open' });
    expect((await list({ q: 'since', status: 'new' })).total).toBe(1);
    // Totals agree with the tickets found, whichever way they are counted (matches of the
    // status asked, or all matches less those of the other statuses when those are fewer).
    await store.tickets.update(printer, { status: 'open' });
    for (const q of ['since', 'jams', 'ay', 'squeak', 'nothing like it']) {
      for (const status of [undefined, 'new', 'open', ['new', 'open', 'waiting'], ['resolved', 'closed']] as const) {
        const { tickets, total } = await list({ q, ...(status ? { status: status as TicketStatus | TicketStatus[] } : {}) });
        expect({ q, status, total }).toEqual({ q, status, total: tickets.length });
      }
    }
  });
});
