import { TicketCategories } from '../../shared/api/tickets.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Repos } from '../storage/types.js';
import { audit } from './audit.js';

const KEY = 'ticketCategories';

export async function ticketCategories(repos: Pick<Repos, 'settings'>): Promise<string[]> {
  const stored = TicketCategories.safeParse(await repos.settings.get(KEY));
  return stored.success ? stored.data : [];
}

/**
 * The category as the admin spelled it, for a name given in any case; refused (naming the
 * choices) when it is not one of them. Tickets keep their category when the list changes later.
 */
export async function knownCategory(repos: Pick<Repos, 'settings'>, name: string): Promise<string> {
  const list = await ticketCategories(repos);
  const found = list.find((c) => c.toLowerCase() === name.trim().toLowerCase());
  if (!found) {
    throw new AppError(ErrorCode.invalidInput, `body.category: "${name}" is not a category${list.length ? ` (one of: ${list.join(', ')})` : '; an admin defines them first'}`);
  }
  return found;
}

export async function saveTicketCategories(repos: Pick<Repos, 'settings' | 'audit'>, list: string[], actor: string): Promise<string[]> {
  await repos.settings.put(KEY, list, new Date().toISOString());
  await audit(repos, actor, 'ticket_categories.update', null, { categories: list });
  return list;
}
