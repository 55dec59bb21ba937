import { z } from 'zod';

/**
 * One edge of a period in a query: an instant with its offset, or a plain date — the start of
 * that day (UTC) for `from`, its end for `to`, so `to=2026-12-01` includes that whole day.
 */
export const PeriodEdge = (edge: 'from' | 'to') =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected a date (2026-12-01) or a date and time with its offset (2026-12-01T09:00:00Z)' }).transform((v) => {
    if (v.length > 10) return new Date(v).toISOString();
    const day = Date.parse(`${v}T00:00:00Z`);
    return new Date(edge === 'from' ? day : day + 86_400_000).toISOString();
  });
