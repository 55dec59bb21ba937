import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, LoginThrottle } from './loginThrottle.js';

describe('per-account sign-in throttling, on an injected clock', () => {
  it('lets the first failures through, then doubles the wait after each', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(t.waitMs('ada')).toBe(0);
      t.failed('ada');
    }
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wait = t.waitMs('ada');
      waits.push(wait);
      now += wait;
      expect(t.waitMs('ada')).toBe(0);
      t.failed('ada');
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is per account, whatever the case of the name, and a success clears it', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < FREE_FAILURES + 3; i++) t.failed('Ada');
    expect(t.waitMs('ada')).toBeGreaterThan(0);
    expect(t.waitMs('bob')).toBe(0);
    t.succeeded('ADA');
    expect(t.waitMs('ada')).toBe(0);
  });

  it('caps the wait at 15 minutes and forgets after a day', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < 40; i++) t.failed('ada');
    expect(t.waitMs('ada')).toBe(15 * 60_000);
    now += 24 * 60 * 60_000 + 1;
    expect(t.waitMs('ada')).toBe(0);
  });
});
