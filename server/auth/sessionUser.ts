import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { Store, User } from '../storage/types.js';
import type { SessionTokens } from './jwt.js';

/**
 * The user a session token speaks for, read from the store on every request and socket, so that
 * taking access away works at once: a deleted or disabled account, or a token signed before the
 * user's token version was raised (new role, new password, disabled), is refused.
 */
export async function sessionUser(deps: { sessions: SessionTokens; store: Store }, token: string): Promise<User> {
  return (await session(deps, token)).user;
}

/** The user of a session token and when the token expires (a live stream ends then). */
export async function session(deps: { sessions: SessionTokens; store: Store }, token: string): Promise<{ user: User; expiresAtMs: number }> {
  const { userId, version, expiresAtMs } = deps.sessions.verify(token);
  const user = await deps.store.users.findById(userId);
  if (!user || user.deletedAt) throw new AppError(ErrorCode.unauthorized, 'the account of this session no longer exists');
  if (user.disabledAt) throw new AppError(ErrorCode.accountDisabled, 'this account is disabled: ask an admin');
  if (user.tokenVersion !== version) throw new AppError(ErrorCode.sessionRevoked, 'this account changed since you signed in (role, password or access): sign in again');
  return { user, expiresAtMs };
}

/**
 * Whether a session signed at `tokenVersion` lost its access since: the account is gone,
 * disabled, or changed (role, password). For what stays open past one request (shells, streams).
 */
export function accessLost(a: Pick<User, 'tokenVersion' | 'disabledAt' | 'deletedAt'> | undefined, tokenVersion: number): boolean {
  return !a || !!a.deletedAt || !!a.disabledAt || a.tokenVersion !== tokenVersion;
}
