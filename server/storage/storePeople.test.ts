import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import { createContact } from '../commands/createContact.js';
import type { Store } from './types.js';

/** Whom tickets are opened for (accounts and contacts, found by any of their names) and their ratings, on every engine. */
describe.each(STORES)('Store contract, people and ratings: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  const at = '2026-01-01T00:00:00.000Z';
  const account = async (username: string, email: string | null = null) => {
    const id = randomUUID();
    await store.users.create({ id, username, role: 'employee', passwordHash: 'x', createdAt: at, email });
    return id;
  };

  it('finds accounts and contacts by username, name, email or phone, without case, exact matches first', async () => {
    await account('anna', 'anna.berg@example.com');
    await account('johanna');
    await account('hanna_100%', 'h@example.com');
    const caller = await createContact(store, { name: 'Hanna Vogel', email: null, phone: '+49 30 1234-567' });
    expect(caller).toMatchObject({ contact: true, passwordHash: '!', username: expect.stringMatching(/^contact-/) });
    const names = async (q: string) => (await store.users.search(q, 10)).map((u) => u.username);
    // The exact name first; then by username, Hanna and Johanna containing it too.
    expect(await names('ANNA')).toEqual(['anna', caller.username, 'hanna_100%', 'johanna']);
    expect(await names('vogel')).toEqual([caller.username]);
    expect(await names('1234-5')).toEqual([caller.username]);
    expect(await names('berg@EXAMPLE')).toEqual(['anna']);
    // LIKE's wildcards are searched for as themselves.
    expect(await names('_100%')).toEqual(['hanna_100%']);
    expect(await names('%')).toEqual(['hanna_100%']);
    // Names and usernames that begin with it before those that merely contain it.
    expect(await names('hanna')).toEqual([caller.username, 'hanna_100%', 'johanna']);
    expect((await store.users.search('a', 2)).length).toBe(2);
    const found = (await store.users.search('Hanna Vogel', 5))[0]!;
    expect(found).toMatchObject({ name: 'Hanna Vogel', phone: '+49 30 1234-567', contact: true, email: null });
  });

  it('leaves deleted people out, and names a contact by their address when it is free', async () => {
    const gone = await account('gone-user');
    await store.users.update(gone, { deletedAt: at });
    expect(await store.users.search('gone', 10)).toEqual([]);
    const byMail = await createContact(store, { name: 'Carl', email: 'carl@customer.example', phone: null });
    expect(byMail.username).toBe('carl@customer.example');
    const again = await createContact(store, { name: 'Carl Two', email: 'carl@customer.example', phone: null });
    expect(again.username).toMatch(/^contact-[0-9a-f]{8}$/);
    expect((await store.users.findById(byMail.id))!.contact).toBe(true);
    expect((await store.users.findById(gone))!.contact).toBe(false);
  });

  it('lists the PCs each person uses', async () => {
    const [a, b] = [await account('a1'), await account('b1')];
    for (const [id, hostname] of [['00000000-0000-4000-8000-000000000001', 'zeta'], ['00000000-0000-4000-8000-000000000002', 'alpha']] as const) {
      await store.devices.create({ id, hostname, platform: 'linux', agentVersion: '1', secretHash: 'h', enrolledAt: at });
      await store.deviceUsers.link({ deviceId: id, userId: a, at, confirmedBy: null, createdAccount: false });
    }
    const map = await store.deviceUsers.devicesOf([a, b]);
    expect(map.get(a)!.map((d) => d.hostname)).toEqual(['alpha', 'zeta']);
    expect(map.has(b)).toBe(false);
    expect((await store.deviceUsers.devicesOf([])).size).toBe(0);
  });

  it('takes a ticket’s rating once, also when two arrive at the same moment', async () => {
    const req = await account('req');
    const ticket = () =>
      store.tickets.create({ summary: 's', details: '', priority: 'normal', status: 'resolved', requesterId: req, createdById: req, deviceId: null, idempotencyKey: null, createdAt: at, channel: 'web' });
    const [t1, t2] = [await ticket(), await ticket()];
    const rating = (score: number) => ({ ticketId: t1, score, comment: `c${score}`, ratedAt: at, ratedBy: req });
    const results = await Promise.all([store.ratings.add(rating(4)), store.ratings.add(rating(2))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect([4, 2]).toContain((await store.ratings.get(t1))!.score);
    expect(await store.ratings.get(t2)).toBeUndefined();
    const all = await store.ratings.forTickets([t1, t2]);
    expect([...all.keys()]).toEqual([t1]);
  });
});
