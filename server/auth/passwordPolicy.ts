import { ErrorCode } from '../../shared/protocol/codes.js';
import { LIMITS } from '../../shared/protocol/limits.js';
import { AppError } from '../errors.js';

let common: Promise<Set<string>> | undefined;

/**
 * The 49,000 most common passwords from leaked lists (zxcvbn-ts's common dictionary), loaded
 * on the first password set rather than at every start.
 */
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then((m) => new Set((m.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())));
  return common;
}

/**
 * Why a new password is refused, or null when it is acceptable: long enough (the length is what
 * makes a password hard to guess, NIST SP 800-63B), not a commonly used one, and not the account's
 * own name. Applies when a password is set; existing ones are not judged again.
 */
export async function passwordProblem(password: string, username: string): Promise<string | null> {
  if (password.length < LIMITS.passwordMin) return `must be at least ${LIMITS.passwordMin} characters`;
  if (password.length > LIMITS.passwordMax) return `must be at most ${LIMITS.passwordMax} characters`;
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return 'must not be the username';
  if (/^(.)\1*$/.test(password)) return 'must not be one character repeated';
  if ((await commonPasswords()).has(lower)) return 'is one of the most commonly used passwords; choose another';
  return null;
}

/** Throws a 400 naming the field when the password is not acceptable. */
export async function assertGoodPassword(password: string, username: string, field = 'password'): Promise<void> {
  const problem = await passwordProblem(password, username);
  if (problem) throw new AppError(ErrorCode.invalidInput, `${field}: ${problem}`);
}
