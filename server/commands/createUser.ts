import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/protocol/codes.js';
import type { Role } from '../../shared/roles.js';
import { hashPassword } from '../auth/password.js';
import { AppError } from '../errors.js';
import type { Store, User } from '../storage/types.js';
import { audit } from './audit.js';

export async function createUser(
  store: Store,
  input: { username: string; role: Role; password: string },
  actor: string | null,
): Promise<User> {
  if (await store.users.findByUsername(input.username)) {
    throw new AppError(ErrorCode.conflict, `a user named "${input.username}" already exists`);
  }
  const user: User = {
    id: randomUUID(),
    username: input.username,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: new Date().toISOString(),
  };
  await store.transaction(async (repos) => {
    await repos.users.create(user);
    await audit(repos, actor, 'user.create', user.username, { role: user.role });
  });
  return user;
}
