import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Priority, TicketStatus } from '../../shared/api/tickets.js';
import { STORES } from '../../test/helpers/postgres.js';
import { READ_HITS_BY_ID } from './repos/ticketText.js';
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
  type Filter = { status?: TicketStatus | TicketStatus[]; priority?: Priority; q?: string; limit?: number; offset?: number };
  const list = (filter: Filter) => store.tickets.list({ limit: 500, offset: 0, ...filter, now: '2026-01-05T10:00:00Z' });

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

  it('pages and counts a search with more matches than are read one by one as the same list unsearched', async () => {
    // Past READ_HITS_BY_ID matches SQLite walks the queue checking each ticket against them;
    // below it, it reads the matches by id. Both must give the list's own order and totals.
    const n = READ_HITS_BY_ID + 40;
    await store.transaction(async (repos) => {
      for (let i = 0; i < n; i++) {
        const id = await repos.tickets.create({ summary: `Bulk ${i}`, details: '', priority: PRIORITIES[i % 4]!, status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: '2026-01-05T09:00:00Z', channel: 'web' });
        if (i % 3) await repos.tickets.update(id, { status: STATUSES[i % 5]! });
      }
    });
    const other = await create('Nothing in common');
    for (const [q, status, priority] of [['bulk', ['new', 'open', 'waiting'], undefined], ['ulk', 'resolved', 'high'], ['bulk 4', undefined, undefined], ['bulk 17', 'new', undefined]] as const) {
      const filter = { ...(status ? { status: status as TicketStatus | TicketStatus[] } : {}), ...(priority ? { priority } : {}) };
      for (const offset of [0, 950]) {
        const searched = await list({ ...filter, q, limit: 50, offset });
        const all = await list({ ...filter, limit: n + 1, offset: 0 });
        const expected = all.tickets.filter((t) => t.id !== other && t.summary.toLowerCase().includes(q));
        expect({ q, offset, total: searched.total }).toEqual({ q, offset, total: expected.length });
        expect(searched.tickets.map((t) => t.id)).toEqual(expected.slice(offset, offset + 50).map((t) => t.id));
      }
    }
  });

  it('keeps each search its own when lists run at once, and searches inside a transaction', async () => {
    const printer = await create('Printer jams', 'since Monday');
    const vpn = await create('VPN drops', 'since Tuesday');
    const mouse = await create('Mouse squeaks');
    const asked = ['jams', 'since', 'squeak', 'drops', 'nothing'] as const;
    const want = { jams: [printer], since: [printer, vpn], squeak: [mouse], drops: [vpn], nothing: [] };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => asked[i % asked.length]!).map(async (q) => ({ q, ids: (await list({ q })).tickets.map((t) => t.id).sort() })));
    for (const { q, ids } of results) expect({ q, ids }).toEqual({ q, ids: [...want[q]].sort() });
    const inside = await store.transaction(async (repos) => repos.tickets.list({ q: 'since', now: '2026-01-05T10:00:00Z', limit: 50, offset: 0 }));
    expect(inside.tickets.map((t) => t.id).sort()).toEqual([printer, vpn].sort());
    expect(inside.total).toBe(2);
  });
});
