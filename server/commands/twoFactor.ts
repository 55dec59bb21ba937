import { ErrorCode } from '../../shared/protocol/codes.js';
import { hasRole } from '../../shared/roles.js';
import { SecurityPolicy } from '../../shared/api/twoFactor.js';
import { verifyPassword } from '../auth/password.js';
import { hashRecoveryCode, looksLikeRecoveryCode, matchingStep, newRecoveryCodes, newTotpSecret, otpauthUrl } from '../auth/totp.js';
import { AppError, notFound } from '../errors.js';
import type { Repos, Store, User } from '../storage/types.js';
import { audit } from './audit.js';
import type { AccessRevoked } from './updateUser.js';

const POLICY_KEY = 'security';
const ISSUER = 'Deskside';

export async function securityPolicy(repos: Pick<Repos, 'settings'>): Promise<SecurityPolicy> {
  const stored = SecurityPolicy.safeParse(await repos.settings.get(POLICY_KEY));
  return stored.success ? stored.data : { requireTwoFactor: false };
}

/** Whether the policy asks this user for a second factor: technicians and admins, when it is on. */
export function twoFactorRequired(policy: SecurityPolicy, user: Pick<User, 'role'>): boolean {
  return policy.requireTwoFactor && hasRole(user.role, 'technician');
}

export type SecondFactorCheck = { ok: true; method: 'totp' | 'recovery_code' } | { ok: false };

/**
 * Checks the code given at sign-in: a six-digit TOTP code of the previous, current or next time
 * step that was not used before, or an unused recovery code (spent by this check).
 */
export async function checkSecondFactor(store: Store, user: User, code: string, nowMs: number): Promise<SecondFactorCheck> {
  const factor = await store.secondFactors.get(user.id);
  if (!factor?.enabledAt) return { ok: false };
  if (looksLikeRecoveryCode(code)) {
    return (await store.secondFactors.useRecoveryCode(user.id, hashRecoveryCode(code), new Date(nowMs).toISOString())) ? { ok: true, method: 'recovery_code' } : { ok: false };
  }
  const step = matchingStep(factor.secret, code.trim(), nowMs);
  if (step === null || step <= factor.lastStep) return { ok: false };
  return (await store.secondFactors.useStep(user.id, step)) ? { ok: true, method: 'totp' } : { ok: false };
}

/** Starts enrolment: a new secret for the app, not in use until a first code confirms it. */
export async function beginTotp(store: Store, user: User): Promise<{ secret: string; otpauthUrl: string }> {
  if (user.twoFactor) throw new AppError(ErrorCode.conflict, 'two-factor sign-in is already on; turn it off first to enrol another app');
  const secret = newTotpSecret();
  if (!(await store.secondFactors.begin(user.id, secret))) throw new AppError(ErrorCode.conflict, 'two-factor sign-in is already on');
  return { secret, otpauthUrl: otpauthUrl(ISSUER, user.username, secret) };
}

/**
 * Turns two-factor sign-in on with the first code the app shows, and makes ten recovery codes.
 * The user's other sessions end (they were signed with one factor); the caller signs a new token.
 */
export async function confirmTotp(store: Store, user: User, code: string, nowMs: number, revoked: AccessRevoked): Promise<{ user: User; recoveryCodes: string[] }> {
  const factor = await store.secondFactors.get(user.id);
  if (!factor || factor.enabledAt) throw new AppError(ErrorCode.conflict, factor ? 'two-factor sign-in is already on' : 'start enrolment first (POST /api/v1/me/totp)');
  const step = matchingStep(factor.secret, code, nowMs);
  if (step === null) throw new AppError(ErrorCode.totpInvalid, 'code: this is not the code the app shows for this secret; check the phone’s clock and try the next code');
  const recoveryCodes = newRecoveryCodes();
  const updated = await store.transaction(async (repos) => {
    if (!(await repos.secondFactors.enable(user.id, step, recoveryCodes.map(hashRecoveryCode), new Date(nowMs).toISOString()))) {
      throw new AppError(ErrorCode.conflict, 'two-factor sign-in is already on');
    }
    const u = await repos.users.update(user.id, { endSessions: true });
    await audit(repos, user.username, 'user.totp_enable', user.username);
    return u!;
  });
  revoked(user.id);
  return { user: updated, recoveryCodes };
}

async function provePassword(user: User, password: string): Promise<void> {
  if (!(await verifyPassword(password, user.passwordHash))) throw new AppError(ErrorCode.invalidInput, 'password: this is not your current password');
}

/** A user turns their own second factor off, proving the password; refused where the policy requires one. */
export async function disableOwnTotp(store: Store, user: User, password: string): Promise<void> {
  await provePassword(user, password);
  if (!user.twoFactor) throw new AppError(ErrorCode.conflict, 'two-factor sign-in is not on');
  if (twoFactorRequired(await securityPolicy(store), user)) throw new AppError(ErrorCode.conflict, 'the security policy requires two-factor sign-in for your role; ask an admin to reset it if you lost the app');
  await store.transaction(async (repos) => {
    await repos.secondFactors.remove(user.id);
    await audit(repos, user.username, 'user.totp_disable', user.username);
  });
}

/** Ten new recovery codes in place of the old ones, all of which stop working. */
export async function renewRecoveryCodes(store: Store, user: User, password: string): Promise<string[]> {
  await provePassword(user, password);
  if (!user.twoFactor) throw new AppError(ErrorCode.conflict, 'two-factor sign-in is not on');
  const codes = newRecoveryCodes();
  await store.transaction(async (repos) => {
    await repos.secondFactors.replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));
    await audit(repos, user.username, 'user.recovery_codes', user.username);
  });
  return codes;
}

/** An admin resets someone's second factor (a lost phone): it is off, and their sessions end. */
export async function resetTotp(store: Store, actor: string, id: string, revoked: AccessRevoked): Promise<void> {
  const user = await store.users.findById(id);
  if (!user || user.deletedAt) throw notFound('user');
  if (!user.twoFactor && !(await store.secondFactors.get(id))) throw new AppError(ErrorCode.conflict, `"${user.username}" has no second factor to reset`);
  await store.transaction(async (repos) => {
    await repos.secondFactors.remove(id);
    await repos.users.update(id, { endSessions: true });
    await audit(repos, actor, 'user.totp_reset', user.username);
  });
  revoked(id);
}

/**
 * Changes the security policy. Requiring two-factor sign-in needs the admin who turns it on to
 * have one (else they would lock themselves into setup), and ends the sessions of technicians
 * and admins without one: they sign in again and are led to set it up.
 */
export async function changeSecurityPolicy(store: Store, admin: User, policy: SecurityPolicy, revoked: AccessRevoked): Promise<SecurityPolicy> {
  const before = await securityPolicy(store);
  if (policy.requireTwoFactor && !before.requireTwoFactor && !admin.twoFactor) {
    throw new AppError(ErrorCode.conflict, 'set up two-factor sign-in for your own account before requiring it of everyone');
  }
  const affected = policy.requireTwoFactor && !before.requireTwoFactor ? (await store.users.list()).filter((u) => !u.contact && !u.twoFactor && twoFactorRequired(policy, u)) : [];
  await store.transaction(async (repos) => {
    await repos.settings.put(POLICY_KEY, policy, new Date().toISOString());
    for (const u of affected) await repos.users.update(u.id, { endSessions: true });
    await audit(repos, admin.username, 'security_policy.update', null, { ...policy, sessionsEnded: affected.map((u) => u.username) });
  });
  for (const u of affected) revoked(u.id);
  return policy;
}
