import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/protocol/codes.js';
import type { Role } from '../../shared/roles.js';
import { hashPassword } from '../auth/password.js';
import { assertGoodPassword } from '../auth/passwordPolicy.js';
import { AppError } from '../errors.js';
import type { Store, User } from '../storage/types.js';
import { audit } from './audit.js';

export async function createUser(
  store: Store,
  input: { username: string; role: Role; password: string; email?: string | undefined },
  actor: string | null,
): Promise<User> {
  const existing = await store.users.findByUsername(input.username);
  if (existing?.deletedAt) {
    // The audit log and old tickets name people by username: a new person must not inherit them.
    throw new AppError(ErrorCode.conflict, `a user named "${input.username}" existed and was deleted; names are not reused: choose another`);
  }
  if (existing) throw new AppError(ErrorCode.conflict, `a user named "${input.username}" already exists`);
  await assertGoodPassword(input.password, input.username);
  const id = randomUUID();
  await store.transaction(async (repos) => {
    await repos.users.create({
      id,
      username: input.username,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: new Date().toISOString(),
      email: input.email ?? null,
    });
    await audit(repos, actor, 'user.create', input.username, { role: input.role });
  });
  return (await store.users.findById(id))!;
}
