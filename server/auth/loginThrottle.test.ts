import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../storage/index.js';
import { FREE_FAILURES, LoginThrottle } from './loginThrottle.js';

describe('per-account sign-in throttling, on an injected clock', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterEach(() => store.close());

  it('lets the first failures through, then doubles the wait after each', async () => {
    let now = 0;
    const t = new LoginThrottle(store.counters, () => now);
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(await t.waitMs('ada')).toBe(0);
      await t.failed('ada');
    }
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wait = await t.waitMs('ada');
      waits.push(wait);
      now += wait;
      expect(await t.waitMs('ada')).toBe(0);
      await t.failed('ada');
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is per account, whatever the case of the name, and a success clears it', async () => {
    let now = 0;
    const t = new LoginThrottle(store.counters, () => now);
    for (let i = 0; i < FREE_FAILURES + 3; i++) await t.failed('Ada');
    expect(await t.waitMs('ada')).toBeGreaterThan(0);
    expect(await t.waitMs('bob')).toBe(0);
    await t.succeeded('ADA');
    expect(await t.waitMs('ada')).toBe(0);
  });

  it('caps the wait at 15 minutes and forgets after a day', async () => {
    let now = 0;
    const t = new LoginThrottle(store.counters, () => now);
    for (let i = 0; i < 40; i++) await t.failed('ada');
    expect(await t.waitMs('ada')).toBe(15 * 60_000);
    now += 24 * 60 * 60_000 + 1;
    expect(await t.waitMs('ada')).toBe(0);
  });
});
