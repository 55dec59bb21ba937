import type { Store } from '../storage/types.js';
import { audit } from './audit.js';
import { knownAccountFor, trustsPcUsers } from './openHelpRequest.js';

/**
 * The OS users an inventory reports logged in on a PC are its likely people: each one the server
 * knows as an employee (by name, or as "user@host") is linked to the PC, confirmed at once under
 * the policy "trust the PC's users", otherwise waiting for an admin. No account is made here, and
 * technician or admin accounts are never linked.
 */
export async function linkInventoryUsers(store: Store, device: { id: string; hostname: string }, users: readonly { user: string }[]): Promise<string[]> {
  const linked: string[] = [];
  const trusted = await trustsPcUsers(store);
  for (const name of new Set(users.map((u) => u.user).filter(Boolean))) {
    const person = await knownAccountFor(store, name, device.hostname);
    if (!person || person.role !== 'employee' || person.deletedAt) continue;
    const added = await store.deviceUsers.link({
      deviceId: device.id,
      userId: person.id,
      at: new Date().toISOString(),
      confirmedBy: trusted ? 'policy' : null,
      createdAccount: false,
    });
    if (added) {
      await audit(store, `device:${device.hostname}`, 'device.user_link', person.username, { deviceId: device.id, confirmed: trusted, source: 'inventory' });
      linked.push(person.username);
    }
  }
  return linked;
}
