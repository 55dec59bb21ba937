import { TicketCategories } from '../../../shared/api/tickets.js';
import { saveTicketCategories, ticketCategories } from '../../commands/ticketCategories.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

export function ticketCategoryRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/ticket-categories',
      summary: 'The categories a ticket may have, as an admin defined them',
      tag: 'tickets',
      access: 'employee',
      response: TicketCategories,
      handler: () => ticketCategories(store),
    }),
    route({
      method: 'put',
      path: '/api/v1/ticket-categories',
      summary: 'Replace the ticket categories (each once, at most 100); tickets keep the category they have',
      tag: 'tickets',
      access: 'admin',
      body: TicketCategories,
      response: TicketCategories,
      handler: ({ body, user }) => store.transaction((repos) => saveTicketCategories(repos, body, user!.username)),
    }),
  ];
}
