import { describe, expect, it } from 'vitest';
import { backoffDelay, returnDelay } from './backoff.js';

describe('reconnect backoff', () => {
  const o = { baseMs: 500, capMs: 30_000 };
  it('grows exponentially up to the cap', () => {
    const max = (attempt: number) => backoffDelay(attempt, { ...o, random: () => 1 });
    expect([0, 1, 2, 3].map(max)).toEqual([500, 1000, 2000, 4000]);
    expect(max(20)).toBe(30_000);
    expect(max(5000)).toBe(30_000);
  });
  it('keeps at least half the delay and jitters the rest', () => {
    expect(backoffDelay(3, { ...o, random: () => 0 })).toBe(2000);
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(6, o)));
    expect(samples.size).toBeGreaterThan(10);
    for (const s of samples) expect(s).toBeGreaterThanOrEqual(15_000);
  });
  it('spreads the return after a lost connection over the spread the server asked for', () => {
    expect(returnDelay(0, { ...o, random: () => 1 })).toBe(500);
    expect(returnDelay(7500, { ...o, random: () => 0 })).toBe(250);
    expect(returnDelay(7500, { ...o, random: () => 1 })).toBe(8000);
    const samples = Array.from({ length: 200 }, () => returnDelay(7500, o));
    expect(Math.max(...samples)).toBeGreaterThan(4000);
    expect(Math.min(...samples)).toBeLessThan(4000);
  });
});
