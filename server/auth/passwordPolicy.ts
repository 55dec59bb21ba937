import { createRequire } from 'node:module';
import path from 'node:path';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { LIMITS } from '../../shared/protocol/limits.js';
import { AppError } from '../errors.js';

/** How long the list stays in memory after it was last used (users are often created in a row). */
const KEEP_MS = 30_000;
let common: { list: Set<string>; release: NodeJS.Timeout } | undefined;

/**
 * The 49,000 most common passwords from leaked lists (zxcvbn-ts's common dictionary). Passwords
 * are set rarely, and the list with its module held 4.5 MB of the server's heap for good, so it
 * is read when one is set and let go KEEP_MS after its last use: loaded through `require` and
 * taken out of its cache (an ES module, once imported, stays in memory for good).
 */
function commonPasswords(): Set<string> {
  if (common) {
    common.release.refresh();
    return common.list;
  }
  const require = createRequire(import.meta.url);
  const file = require.resolve('@zxcvbn-ts/language-common/dist/passwords.json.cjs');
  const words = require(file) as string[];
  const list = new Set(words.map((p) => p.toLowerCase()));
  for (const key of Object.keys(require.cache)) if (key.includes(`${path.sep}@zxcvbn-ts${path.sep}`)) delete require.cache[key];
  const release = setTimeout(() => (common = undefined), KEEP_MS).unref();
  common = { list, release };
  return list;
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
  if (commonPasswords().has(lower)) return 'is one of the most commonly used passwords; choose another';
  return null;
}

/** Throws a 400 naming the field when the password is not acceptable. */
export async function assertGoodPassword(password: string, username: string, field = 'password'): Promise<void> {
  const problem = await passwordProblem(password, username);
  if (problem) throw new AppError(ErrorCode.invalidInput, `${field}: ${problem}`);
}
