import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../shared/protocol/codec.js';

/**
 * Where the technician's sign-in is kept: `DESKSIDE_CONFIG_DIR`, else the per-user config folder
 * of the OS (%APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or
 * ~/.config elsewhere).
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DESKSIDE_CONFIG_DIR) return path.resolve(env.DESKSIDE_CONFIG_DIR);
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Deskside');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Deskside');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'deskside');
}

export const Login = z.object({
  server: z.string().url(),
  username: z.string().min(1),
  token: z.string().min(1),
  expiresAt: z.string(),
});
export type Login = z.infer<typeof Login>;

const file = () => path.join(configDir(), 'login.json');

export function saveLogin(login: Login): string {
  const dir = configDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = file();
  const tmp = `${target}.${process.pid}.tmp`;
  // Written private from the first byte, then renamed over: the token is never readable by others.
  fs.writeFileSync(tmp, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, target);
  return target;
}

export class NotSignedIn extends Error {}

export function readLogin(): Login {
  let text: string;
  try {
    text = fs.readFileSync(file(), 'utf8');
  } catch {
    throw new NotSignedIn('not signed in: run deskside login --server URL --user NAME');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NotSignedIn(`${file()} is not valid JSON: run deskside login again`);
  }
  const parsed = Login.safeParse(value);
  if (!parsed.success) throw new NotSignedIn(`${file()} is not a Deskside sign-in (${describeZodError(parsed.error)}): run deskside login again`);
  return parsed.data;
}

export function forgetLogin(): boolean {
  try {
    fs.unlinkSync(file());
    return true;
  } catch {
    return false;
  }
}
