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

/**
 * The user of a session token and when the token expires (a live stream ends then). A session
 * signed while the account still has to set up two-factor sign-in opens only what `allowSetup`
 * routes offer (setting it up, the current user); everything else, shells and streams included,
 * answers 403 totp_setup_required.
 */
export async function session(
  deps: { sessions: SessionTokens; store: Store },
  token: string,
  options: { allowSetup?: boolean } = {},
): Promise<{ user: User; expiresAtMs: number; setupOnly: boolean }> {
  const { userId, version, expiresAtMs, setupOnly } = deps.sessions.verify(token);
  const user = await signedUser(deps.store, userId, version, 'session');
  if (setupOnly && !options.allowSetup) throw new AppError(ErrorCode.totpSetupRequired, 'set up two-factor sign-in first (Account page, or POST /api/v1/me/totp): it is required for your role');
  return { user, expiresAtMs, setupOnly };
}

/**
 * The user a token (a session, or a download link) was signed for at token version `version`,
 * refused when the account is gone, disabled or changed since (role, password, access).
 */
export async function signedUser(store: Store, userId: string, version: number, what: 'session' | 'link'): Promise<User> {
  const user = await store.users.findById(userId);
  if (!user || user.deletedAt) throw new AppError(ErrorCode.unauthorized, `the account of this ${what} no longer exists`);
  if (user.disabledAt) throw new AppError(ErrorCode.accountDisabled, 'this account is disabled: ask an admin');
  if (user.tokenVersion !== version) {
    const since = what === 'session' ? 'you signed in' : 'the link was made';
    throw new AppError(ErrorCode.sessionRevoked, `this account changed since ${since} (role, password or access): sign in again`);
  }
  return user;
}

/**
 * Whether a session signed at `tokenVersion` lost its access since: the account is gone,
 * disabled, or changed (role, password). For what stays open past one request (shells, streams).
 */
export function accessLost(a: Pick<User, 'tokenVersion' | 'disabledAt' | 'deletedAt'> | undefined, tokenVersion: number): boolean {
  return !a || !!a.deletedAt || !!a.disabledAt || a.tokenVersion !== tokenVersion;
}
