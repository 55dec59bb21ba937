import { z } from 'zod';

/** The lists a filter can be saved for: the inventory and the ticket queue. */
export const SavedFilterKind = z.enum(['inventory', 'queue']);
export type SavedFilterKind = z.infer<typeof SavedFilterKind>;

export const SavedFilterListQuery = z.object({ kind: SavedFilterKind });

/** A filter saved under a name: its query is what the list's address carries (software=openssl&…). */
export const SaveFilterRequest = z
  .object({
    kind: SavedFilterKind,
    name: z.string().trim().min(1, 'expected a name').max(100),
    query: z.string().max(2000),
    /** Seen (and applied) by every technician, not only its owner. */
    shared: z.boolean().default(false),
  })
  .strict();
export type SaveFilterRequest = z.infer<typeof SaveFilterRequest>;

export const SavedFilterView = z.object({
  id: z.number().int(),
  kind: SavedFilterKind,
  name: z.string(),
  query: z.string(),
  shared: z.boolean(),
  owner: z.string(),
  /** Whether the caller may replace or delete it: its owner, or an admin for a shared one. */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type SavedFilterView = z.infer<typeof SavedFilterView>;

export const SavedFilterParams = z.object({ id: z.coerce.number().int().positive('expected a saved filter id') });
