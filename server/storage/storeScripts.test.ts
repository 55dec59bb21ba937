import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import { isUniqueViolation } from './errors.js';
import type { Store } from './types.js';

describe.each(STORES)('Store contract, script library: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  const script = (name: string) => ({ name, shell: 'bash' as const, body: 'true', timeoutSeconds: 60, description: '', sha256: 'h', updatedAt: '2026-01-01T00:00:00Z', updatedBy: 'admin' });

  it('keeps names unique, replaces and deletes', async () => {
    const a = await store.scripts.add(script('Disk use'));
    const b = await store.scripts.add(script('Flush DNS'));
    expect(isUniqueViolation(await store.scripts.add(script('Disk use')).catch((e: unknown) => e))).toBe(true);
    expect(isUniqueViolation(await store.scripts.update(b, script('Disk use')).catch((e: unknown) => e))).toBe(true);
    expect(await store.scripts.update(a, { ...script('Disk use'), body: 'df -h' })).toBe(true);
    expect((await store.scripts.find(a))?.body).toBe('df -h');
    expect(await store.scripts.delete(a)).toBe(true);
    expect((await store.scripts.list()).map((s) => s.name)).toEqual(['Flush DNS']);
  });
});
