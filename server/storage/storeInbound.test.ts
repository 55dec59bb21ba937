import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { InboundRecord, Store } from './types.js';

/** Email intake's tables (remembered messages, attachments) and the lookups it uses, on every engine. */
describe.each(STORES)('Store contract, inbound mail: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.users.create({ id: 'req', username: 'req', role: 'employee', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z', email: 'Ann.Lee@Example.com' });
  });
  afterEach(() => store.close());

  const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
  const addTicket = (channel: 'web' | 'email' = 'web') =>
    store.tickets.create({ summary: 's', details: 'd', priority: 'normal', status: 'new', requesterId: 'req', createdById: 'req', deviceId: null, idempotencyKey: null, createdAt: T(0), channel });
  const rec = (n: number, o: Partial<InboundRecord> = {}): InboundRecord => ({
    messageId: `<m${n}@example.org>`,
    receivedAt: T(n),
    sender: 'ann@example.org',
    subject: `s${n}`,
    outcome: 'ignored',
    reason: 'Precedence: bulk',
    ticketId: null,
    ...o,
  });

  it('remembers a Message-ID once, also when two readers record it at the same moment', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => store.inbound.record(rec(1))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.inbound.find('<m1@example.org>')).toEqual(rec(1));
    expect(await store.inbound.find('<nope@example.org>')).toBeUndefined();
  });

  it('lists remembered messages newest first, filtered by outcome, with the total', async () => {
    const t = await addTicket('email');
    await store.inbound.record(rec(1));
    await store.inbound.record(rec(2, { outcome: 'ticket', reason: null, ticketId: t }));
    await store.inbound.record(rec(3, { outcome: 'set_aside', reason: 'larger than 25 MB' }));
    await store.inbound.record(rec(4));
    const all = await store.inbound.list({ limit: 2, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.messages.map((m) => m.subject)).toEqual(['s4', 's3']);
    const ignored = await store.inbound.list({ outcome: 'ignored', limit: 10, offset: 0 });
    expect([ignored.total, ignored.messages.map((m) => m.subject)]).toEqual([2, ['s4', 's1']]);
    expect((await store.inbound.list({ outcome: 'ticket', limit: 10, offset: 0 })).messages[0]).toMatchObject({ ticketId: t });
  });

  it('keeps attachment bytes exactly and serves them only under their own ticket', async () => {
    const [a, b] = [await addTicket('email'), await addTicket()];
    const bytes = Buffer.from([0, 255, 10, 13, 0, 1, 2, 0x80]);
    const id = await store.attachments.add({ ticketId: a, commentId: null, filename: 'scan.pdf', contentType: 'application/pdf', size: bytes.length, sha256: 'h', data: bytes, createdAt: T(1) });
    expect(await store.attachments.list(a)).toEqual([{ id, ticketId: a, commentId: null, filename: 'scan.pdf', contentType: 'application/pdf', size: 8, sha256: 'h', createdAt: T(1) }]);
    expect((await store.attachments.get(a, id))?.data.equals(bytes)).toBe(true);
    expect(await store.attachments.get(b, id)).toBeUndefined();
    expect(await store.attachments.list(b)).toEqual([]);
  });

  it('rolls a remembered message back with the ticket it was to open', async () => {
    await expect(
      store.transaction(async (repos) => {
        await repos.inbound.record(rec(9, { outcome: 'ticket', reason: null }));
        throw new Error('the ticket could not be stored');
      }),
    ).rejects.toThrow('could not be stored');
    expect(await store.inbound.find('<m9@example.org>')).toBeUndefined();
  });

  it('finds a user by address whatever its case, and keeps a ticket’s channel', async () => {
    expect((await store.users.findByEmail('ann.lee@example.COM'))?.id).toBe('req');
    expect(await store.users.findByEmail('ann@example.com')).toBeUndefined();
    const t = await addTicket('email');
    expect((await store.tickets.findById(t))?.channel).toBe('email');
  });
});
