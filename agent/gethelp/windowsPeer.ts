import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Windows has no /proc and no lsof: the kernel's TCP table names the process owning each
 * connection (`netstat -ano`), and the process list names the account running it
 * (`tasklist /v`). Both are in every Windows since XP; only their column positions are relied on
 * (the headers and the state words are translated on localised systems).
 */

type Endpoint = { ip: string; port: number };

/**
 * The process id owning the client end of a loopback connection, from `netstat -ano -p TCP`:
 * "  TCP    127.0.0.1:50000    127.0.0.1:8765    ESTABLISHED    4321".
 */
export function peerPidFromNetstat(text: string, peer: Endpoint, us: Endpoint): number | null {
  const local = `${peer.ip}:${peer.port}`;
  const remote = `${us.ip}:${us.port}`;
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'TCP' && f[1] === local && f[2] === remote) {
      const pid = Number(f[f.length - 1]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    }
  }
  return null;
}

/** The fields of one CSV line as tasklist writes it: every field quoted, quotes doubled. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /"((?:[^"]|"")*)"/g;
  for (let m = re.exec(line); m; m = re.exec(line)) fields.push(m[1]!.replace(/""/g, '"'));
  return fields;
}

/**
 * The account running a process, from `tasklist /v /fo csv /nh /fi "PID eq N"`: the seventh
 * column, "DOMAIN\name" (or "N/A" for a process the agent may not inspect). The name alone is
 * returned: it is what the inventory lists as the PC's users.
 */
export function accountFromTasklist(text: string, pid: number): string | null {
  for (const line of text.split(/\r?\n/)) {
    const f = csvFields(line);
    if (f.length < 7 || Number(f[1]) !== pid) continue;
    const account = f[6]!;
    if (!account || account === 'N/A') return null;
    return account.slice(account.lastIndexOf('\\') + 1) || null;
  }
  return null;
}

/**
 * Who is signed in at the PC's own screen, from `query user` (quser): the row whose session is
 * "console" and active. A service sees no ">" marker, so the session name decides.
 */
export function consoleUserFromQuery(text: string): string | null {
  for (const line of text.split(/\r?\n/).slice(1)) {
    const f = line.replace(/^>/, ' ').trim().split(/\s+/);
    if (f.length >= 4 && f[1]?.toLowerCase() === 'console') return f[0] ?? null;
  }
  return null;
}

const run = promisify(execFile);

/** The account behind a loopback connection on Windows, or null when Windows cannot say. */
export async function windowsPeerAccount(peer: Endpoint, us: Endpoint): Promise<string | null> {
  try {
    const netstat = await run('netstat', ['-ano', '-p', 'TCP'], { encoding: 'utf8', timeout: 5000, windowsHide: true });
    const pid = peerPidFromNetstat(netstat.stdout, peer, us);
    if (pid === null) return null;
    const tasks = await run('tasklist', ['/v', '/fo', 'csv', '/nh', '/fi', `PID eq ${pid}`], { encoding: 'utf8', timeout: 5000, windowsHide: true });
    return accountFromTasklist(tasks.stdout, pid);
  } catch {
    return null;
  }
}

/** The account at the console session on Windows, or null when nobody (or quser is missing). */
export async function windowsScreenUser(): Promise<string | null> {
  try {
    const { stdout } = await run('query', ['user'], { encoding: 'utf8', timeout: 5000, windowsHide: true });
    return consoleUserFromQuery(stdout);
  } catch (err) {
    // quser exits 1 when no one is signed in, still printing nothing useful.
    return consoleUserFromQuery(String((err as { stdout?: unknown }).stdout ?? ''));
  }
}
