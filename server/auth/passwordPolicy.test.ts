import { createRequire } from 'node:module';
import { afterEach, expect, it, vi } from 'vitest';
import { passwordProblem } from './passwordPolicy.js';

const cached = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@zxcvbn-ts'));

afterEach(() => vi.useRealTimers());

it('refuses a common password with the list read on demand, and keeps none of its modules loaded', async () => {
  vi.useFakeTimers();
  expect(await passwordProblem('password1234', 'ann')).toBe('is one of the most commonly used passwords; choose another');
  expect(cached()).toEqual([]);
  expect(await passwordProblem('Password1234', 'ann')).toMatch(/most commonly used/);
  // Let go after a while unused, and read again for the next password set.
  vi.advanceTimersByTime(31_000);
  expect(await passwordProblem('qwertyuiop123', 'ann')).toMatch(/most commonly used/);
  expect(await passwordProblem('a walk along the river', 'ann')).toBeNull();
  expect(cached()).toEqual([]);
});
