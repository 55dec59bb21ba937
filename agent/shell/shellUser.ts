import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The account a remote shell runs as, when it is not the agent's own. */
export interface ShellUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** One line of /etc/passwd format (what `getent passwd` prints). */
export function parsePasswdLine(line: string): ShellUser | null {
  const f = line.trim().split(':');
  if (f.length < 7) return null;
  const uid = Number(f[2]);
  const gid = Number(f[3]);
  if (!f[0] || !Number.isInteger(uid) || !Number.isInteger(gid)) return null;
  return { name: f[0], uid, gid, home: f[5] || '/', shell: f[6] || '/bin/sh' };
}

/**
 * The person at the screen, from `who`: the first user on a graphical display (":0") or a local
 * console (ttyN, seatN), never a remote login (pts/N from ssh).
 */
export function consoleUserFromWho(output: string): string | null {
  for (const line of output.split('\n')) {
    const [user, line2, ...rest] = line.trim().split(/\s+/);
    if (!user || !line2) continue;
    const where = `${line2} ${rest.join(' ')}`;
    if (/^(:\d|tty\d|seat\d|console)/.test(line2) || /\(:\d+(\.\d+)?\)/.test(where)) return user;
  }
  return null;
}

/** An account by name or uid, from the OS's user database (NSS on Linux, so directory users too). */
export function lookup(by: string): ShellUser | null {
  try {
    if (process.platform === 'darwin') {
      const name = /^\d+$/.test(by) ? execFileSync('id', ['-nu', by], { encoding: 'utf8' }).trim() : by;
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid, home: `/Users/${name}`, shell: '/bin/zsh' };
    }
    return parsePasswdLine(execFileSync('getent', ['passwd', by], { encoding: 'utf8' }));
  } catch {
    return null;
  }
}

export class ShellUserError extends Error {}

/**
 * Whom a remote shell runs as. An agent running as an ordinary user (started in the employee's
 * session) runs shells as that user. An agent running as root (the system service) runs them
 * as `DESKSIDE_SHELL_USER` when set ("root" keeps root), else as the person logged in at the
 * screen, so a technician works in the employee's context, with their files and settings;
 * with nobody at the screen, as root (the service's own account).
 */
export function resolveShellUser(setting: string | undefined, isRoot = process.getuid?.() === 0): ShellUser | null {
  if (process.platform === 'win32' || !isRoot) return null;
  if (setting === 'root') return null;
  if (setting) {
    const user = lookup(setting);
    if (!user) throw new ShellUserError(`DESKSIDE_SHELL_USER: no user "${setting}" on this machine`);
    return user;
  }
  const name = screenUser();
  if (!name || name === '0' || name === 'root') return null;
  return lookup(name);
}

/** Who is logged in at the screen (the console owner's uid on macOS), or null when nobody or unknown. */
export function screenUser(): string | null {
  try {
    if (process.platform === 'win32') return null;
    return process.platform === 'darwin'
      ? String(fs.statSync('/dev/console').uid)
      : consoleUserFromWho(execFileSync('who', [], { encoding: 'utf8', timeout: 5000 }));
  } catch {
    return null;
  }
}
