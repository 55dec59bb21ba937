import { ErrorCode } from '../../shared/protocol/codes.js';
import type { Role } from '../../shared/roles.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { assertGoodPassword } from '../auth/passwordPolicy.js';
import { AppError, notFound } from '../errors.js';
import type { Store, User, UserChange } from '../storage/types.js';
import { audit } from './audit.js';

export interface UserEdit {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
  email?: string | null | undefined;
}

/** Called after a change that ends a user's sessions, so live sockets close now, not at their next check. */
export type AccessRevoked = (userId: string) => void;

async function liveUser(store: Store, id: string): Promise<User> {
  const user = await store.users.findById(id);
  if (!user || user.deletedAt) throw notFound('user');
  return user;
}

/**
 * The last admin who can sign in cannot be demoted, disabled or deleted: nobody would be left to
 * undo it (the server CLI could, but only on the server machine).
 */
async function keepAnAdmin(store: Store, user: User, losesAdmin: boolean): Promise<void> {
  if (!losesAdmin || user.role !== 'admin' || user.disabledAt) return;
  if ((await store.users.countActiveAdmins()) <= 1) {
    throw new AppError(ErrorCode.conflict, `"${user.username}" is the last admin who can sign in; make another admin first`);
  }
}

/**
 * Changes a user's role, state, password or email (an admin's edit, or the CLI's). A change of
 * role, disabling, or a new password raises the token version, so every session the user has
 * ends at once: REST calls with an older token are refused, and `revoked` closes live sockets.
 */
export async function updateUser(store: Store, actor: string, id: string, edit: UserEdit, revoked: AccessRevoked = () => undefined): Promise<User> {
  const user = await liveUser(store, id);
  const change: UserChange = {};
  if (edit.role !== undefined && edit.role !== user.role) change.role = edit.role;
  if (edit.disabled !== undefined && edit.disabled !== (user.disabledAt !== null)) change.disabledAt = edit.disabled ? new Date().toISOString() : null;
  if (edit.password !== undefined) {
    await assertGoodPassword(edit.password, user.username);
    change.passwordHash = await hashPassword(edit.password);
  }
  if (edit.email !== undefined && edit.email !== user.email) change.email = edit.email;
  await keepAnAdmin(store, user, (change.role !== undefined && change.role !== 'admin') || change.disabledAt !== undefined && change.disabledAt !== null);
  if (Object.keys(change).length === 0) return user;
  // Re-enabling ends nothing: the sessions ended when the account was disabled.
  change.endSessions = change.role !== undefined || (change.disabledAt !== undefined && change.disabledAt !== null) || change.passwordHash !== undefined;
  const updated = await store.transaction(async (repos) => {
    const u = await repos.users.update(id, change);
    await audit(repos, actor, 'user.update', user.username, {
      ...(change.role !== undefined ? { role: { from: user.role, to: change.role } } : {}),
      ...(change.disabledAt !== undefined ? { disabled: change.disabledAt !== null } : {}),
      ...(change.passwordHash !== undefined ? { password: 'reset' } : {}),
      ...(change.email !== undefined ? { email: change.email } : {}),
      sessionsEnded: change.endSessions ?? false,
    });
    return u!;
  });
  if (change.endSessions) revoked(id);
  return updated;
}

/**
 * Deletes a user: the row stays (tickets, comments and the audit log keep showing the name),
 * sign-in and every session end, and the name is never given to another account.
 */
export async function deleteUser(store: Store, actor: string, id: string, revoked: AccessRevoked = () => undefined): Promise<void> {
  const user = await liveUser(store, id);
  await keepAnAdmin(store, user, true);
  await store.transaction(async (repos) => {
    await repos.users.update(id, { deletedAt: new Date().toISOString(), endSessions: true });
    await audit(repos, actor, 'user.delete', user.username, { role: user.role });
  });
  revoked(id);
}

/**
 * A user changes their own password, proving the current one. Every other session of theirs
 * ends; the caller signs a new token for the session that made the change.
 */
export async function changeOwnPassword(store: Store, user: User, current: string, password: string, revoked: AccessRevoked = () => undefined): Promise<User> {
  if (!(await verifyPassword(current, user.passwordHash))) throw new AppError(ErrorCode.invalidInput, 'current: this is not your current password');
  if (current === password) throw new AppError(ErrorCode.invalidInput, 'password: the new password is the current one');
  return updateUser(store, user.username, user.id, { password }, revoked);
}
