import type { z } from 'zod';
import { DeviceListQuery } from '../../shared/api/devices.js';
import type { SavedFilterKind } from '../../shared/api/savedFilters.js';
import { TicketListQuery } from '../../shared/api/tickets.js';
import { describeZodError } from '../../shared/protocol/codec.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';

/** The list each kind filters: a query kept or given for later is checked as that list checks it. */
const LIST_QUERY: Record<SavedFilterKind, z.ZodObject<z.ZodRawShape>> = {
  inventory: DeviceListQuery,
  queue: TicketListQuery,
};
/** Paging is where a person is in the list, not part of what they filter on. */
const NOT_KEPT = new Set(['limit', 'offset']);

/**
 * A list's filters as its address carries them (`software=openssl&lowDisk=true`), read as the
 * list would read them: an unknown filter or a bad value is refused, named after `where`.
 */
export function readListQuery(kind: SavedFilterKind, query: string, where: string): { normalized: string; parsed: Record<string, unknown> } {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const schema = LIST_QUERY[kind];
  const known = new Set(Object.keys(schema.shape));
  const entries: [string, string][] = [];
  for (const [key, value] of params) {
    if (NOT_KEPT.has(key)) continue;
    if (!known.has(key)) throw new AppError(ErrorCode.invalidInput, `${where}: "${key}" is not a filter of the ${kind} (one of: ${[...known].filter((k) => !NOT_KEPT.has(k)).join(', ')})`);
    entries.push([key, value]);
  }
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) throw new AppError(ErrorCode.invalidInput, describeZodError(parsed.error, where));
  return { normalized: new URLSearchParams(entries).toString(), parsed: parsed.data as Record<string, unknown> };
}
