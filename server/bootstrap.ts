import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createUser } from './commands/createUser.js';
import { passwordProblem } from './auth/passwordPolicy.js';
import { ConfigError, type Config } from './env.js';
import type { Logger } from './logger.js';
import type { Store } from './storage/types.js';
import { isUniqueViolation } from './storage/errors.js';

/**
 * The data folder holds the database, the signing secret and recordings: only the server's
 * account may enter it. A folder left open by an older version is closed at start.
 */
export function ensurePrivateDataDir(dataDir: string, logger: Logger): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Windows has no POSIX modes; its folder ACLs are inherited instead.
  if (process.platform === 'win32') return;
  const mode = fs.statSync(dataDir).mode & 0o777;
  if (mode !== 0o700) {
    fs.chmodSync(dataDir, 0o700);
    logger.warn({ dataDir, was: mode.toString(8) }, 'data folder was readable by other accounts; now 0700');
  }
}

/**
 * The JWT signing secret: from the environment when set (required in production), otherwise
 * generated once and kept in the data folder so sessions survive a restart.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(48).toString('base64url');
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** On first start (no users at all) creates `admin`. Returns its password only when it was generated. */
export async function ensureAdmin(store: Store, config: Config): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await store.users.count()) > 0) return { created: false };
  const generatedPassword = config.adminPassword ? undefined : randomBytes(12).toString('base64url');
  const problem = config.adminPassword ? await passwordProblem(config.adminPassword, 'admin') : null;
  if (problem) throw new ConfigError(`invalid configuration: DESKSIDE_ADMIN_PASSWORD: ${problem}`);
  try {
    await createUser(store, { username: 'admin', role: 'admin', password: config.adminPassword ?? generatedPassword! }, null);
  } catch (err) {
    // Another node of a cluster starting at the same time made it first.
    if (isUniqueViolation(err) && (await store.users.findByUsername('admin'))) return { created: false };
    throw err;
  }
  return { created: true, ...(generatedPassword ? { generatedPassword } : {}) };
}
