import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

describe.each(STORES)('Store contract, saved filters: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    for (const [id, username] of [['a', 'ann'], ['b', 'bob']] as const) await store.users.create({ id, username, role: 'technician', passwordHash: 'x', createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  const save = (ownerId: string, name: string, query: string, shared = false) => store.savedFilters.save({ ownerId, kind: 'inventory', name, query, shared, createdAt: '2026-01-02T00:00:00Z' });

  it('replaces a filter saved again under its name, even when saved twice at once', async () => {
    const id = await save('a', 'Linux', 'os=linux');
    const [x, y] = await Promise.all([save('a', 'Linux', 'os=debian'), save('a', 'Linux', 'os=debian')]);
    expect([x, y]).toEqual([id, id]);
    expect(await store.savedFilters.list('a', 'inventory')).toEqual([
      { id, ownerId: 'a', owner: 'ann', kind: 'inventory', name: 'Linux', query: 'os=debian', shared: false, createdAt: '2026-01-02T00:00:00Z' },
    ]);
    expect(await store.savedFilters.count('a', 'inventory')).toBe(1);
  });

  it("lists one's own and the shared ones, and deletes", async () => {
    await save('a', 'Mine', 'q=1');
    const shared = await save('b', 'Team', 'q=2', true);
    await save('b', 'Private', 'q=3');
    expect((await store.savedFilters.list('a', 'inventory')).map((f) => `${f.owner}:${f.name}`)).toEqual(['ann:Mine', 'bob:Team']);
    expect(await store.savedFilters.list('a', 'queue')).toEqual([]);
    expect(await store.savedFilters.delete(shared)).toBe(true);
    expect(await store.savedFilters.delete(shared)).toBe(false);
    expect(await store.savedFilters.find(shared)).toBeUndefined();
  });
});
