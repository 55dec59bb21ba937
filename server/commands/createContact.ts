import { randomBytes, randomUUID } from 'node:crypto';
import type { Repos, User } from '../storage/types.js';

/** No password hash can match this: a contact never signs in. */
export const NO_SIGN_IN = '!';

/**
 * A person without an account: a caller, a visitor at the desk, a customer who emails. They can
 * be a ticket's requester, are told by email where they have an address, and cannot sign in.
 * Their username is their address when it is free and plain, else a generated one.
 */
export async function createContact(repos: Pick<Repos, 'users'>, c: { name: string | null; email: string | null; phone: string | null }): Promise<User> {
  const plain = c.email && /^[A-Za-z0-9._@+-]{2,64}$/.test(c.email) && !(await repos.users.findByUsername(c.email));
  const user: User = {
    id: randomUUID(),
    username: plain ? c.email! : `contact-${randomBytes(4).toString('hex')}`,
    role: 'employee',
    passwordHash: NO_SIGN_IN,
    createdAt: new Date().toISOString(),
    email: c.email,
    disabledAt: null,
    deletedAt: null,
    tokenVersion: 0,
    name: c.name,
    phone: c.phone,
    twoFactor: false,
    contact: true,
  };
  await repos.users.create(user);
  return user;
}
