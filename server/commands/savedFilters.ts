import type { SaveFilterRequest, SavedFilterView } from '../../shared/api/savedFilters.js';
import { readListQuery } from './listQuery.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError, forbidden, notFound } from '../errors.js';
import type { SavedFilter, Store, User } from '../storage/types.js';

/** How many filters one person keeps per list: enough for a desk's habits, not a dumping ground. */
export const SAVED_FILTERS_MAX = 50;

const mayChange = (user: User, f: SavedFilter) => f.ownerId === user.id || (f.shared && user.role === 'admin');

export const presentSavedFilter = (user: User, f: SavedFilter): SavedFilterView => ({
  id: f.id,
  kind: f.kind,
  name: f.name,
  query: f.query,
  shared: f.shared,
  owner: f.owner,
  mine: mayChange(user, f),
  createdAt: f.createdAt,
});

/** Saves a filter under the user's name for it (replacing theirs of that name), once its query reads as the list's own. */
export async function saveFilter(store: Store, user: User, body: SaveFilterRequest): Promise<SavedFilter> {
  const query = readListQuery(body.kind, body.query, 'body.query').normalized;
  const existing = (await store.savedFilters.list(user.id, body.kind)).some((f) => f.ownerId === user.id && f.name === body.name);
  if (!existing && (await store.savedFilters.count(user.id, body.kind)) >= SAVED_FILTERS_MAX) {
    throw new AppError(ErrorCode.conflict, `you keep ${SAVED_FILTERS_MAX} saved filters of the ${body.kind} already: delete one first`);
  }
  const id = await store.savedFilters.save({ ownerId: user.id, kind: body.kind, name: body.name, query, shared: body.shared, createdAt: new Date().toISOString() });
  return (await store.savedFilters.find(id))!;
}

/** Its owner deletes a filter; an admin also deletes a shared one. Another's private filter is not found. */
export async function deleteFilter(store: Store, user: User, id: number): Promise<void> {
  const f = await store.savedFilters.find(id);
  if (!f || (f.ownerId !== user.id && !f.shared)) throw notFound('saved filter');
  if (!mayChange(user, f)) throw forbidden(`only ${f.owner} or an admin deletes this shared filter`);
  await store.savedFilters.delete(id);
}
