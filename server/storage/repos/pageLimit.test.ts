import { expect, it } from 'vitest';
import { pageLimit } from './pageLimit.js';

it('writes only a whole page size into the SQL', () => {
  expect(() => pageLimit(50)).not.toThrow();
  for (const bad of [1.5, Number.NaN, -1, Number.POSITIVE_INFINITY]) expect(() => pageLimit(bad)).toThrow(/whole number/);
});
