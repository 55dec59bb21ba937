import { z } from 'zod';
import { SaveFilterRequest, SavedFilterListQuery, SavedFilterParams, SavedFilterView } from '../../../shared/api/savedFilters.js';
import { deleteFilter, presentSavedFilter, SAVED_FILTERS_MAX, saveFilter } from '../../commands/savedFilters.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

/** Named filters of the inventory and the queue: a technician's own, and those shared with the team. */
export function savedFilterRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/saved-filters',
      summary: "The caller's saved filters of a list and everyone's shared ones, by name",
      tag: 'users',
      access: 'technician',
      query: SavedFilterListQuery,
      response: z.array(SavedFilterView),
      handler: async ({ query, user }) => (await store.savedFilters.list(user!.id, query.kind)).map((f) => presentSavedFilter(user!, f)),
    }),
    route({
      method: 'post',
      path: '/api/v1/saved-filters',
      summary: `Saves a filter under a name (the caller's filter of that name is replaced); its query is checked as the list checks it; at most ${SAVED_FILTERS_MAX} per list`,
      tag: 'users',
      access: 'technician',
      body: SaveFilterRequest,
      response: SavedFilterView,
      errors: { 409: `The caller keeps ${SAVED_FILTERS_MAX} filters of that list already` },
      handler: async ({ body, user }) => presentSavedFilter(user!, await saveFilter(store, user!, body)),
    }),
    route({
      method: 'delete',
      path: '/api/v1/saved-filters/:id',
      summary: 'Deletes a saved filter: its owner, or an admin for a shared one',
      tag: 'users',
      access: 'technician',
      params: SavedFilterParams,
      response: null,
      handler: ({ params, user }) => deleteFilter(store, user!, params.id),
    }),
  ];
}
