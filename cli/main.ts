#!/usr/bin/env node
import type { DeviceSummary } from '../shared/api/devices.js';
import { ApiRequestError as ApiError } from '../shared/api/requestError.js';
import { parse, runCli, usageOf, UsageError, wantsHelp } from '../shared/cli.js';
import { VERSION } from '../shared/version.js';

// Each command loads what it needs when it runs: `--help` and `--version` answer without the
// schemas, the WebSocket client or the prompts (most of a start's cost is loading modules).
const api = () => import('./api.js');
const config = () => import('./config.js');

const HELP = `deskside ${VERSION}: the technician's command line for Deskside

Usage:
  deskside login --server URL --user NAME
      Sign in (the password is asked for, never echoed; then, for an account with two-factor
      sign-in, the code from the authenticator app or a recovery code; from a pipe, one line each).
      The session token is kept in the user's config folder, readable by this user only.
  deskside logout
      Forget the stored sign-in.
  deskside devices [--online] [--search TEXT] [--json]
      List workstations: id, hostname, OS, online, last seen.
  deskside shell DEVICE [--ticket ID] [--reason TEXT]
      Open a remote shell on DEVICE (an id or an exact hostname) in this terminal.
      Window resizes follow; Enter ~ . disconnects. Needs an interactive terminal.
  deskside run (--script NAME | --command TEXT | --file PATH) [--shell bash|sh|powershell|cmd]
               (--device DEVICE ... | --filter QUERY) [--when-online] [--concurrency N] [--timeout S]
      Run a library script or a command on PCs (--device once or more, or every PC an inventory
      filter finds, e.g. --filter 'lowDisk=true&group=finance'), printing each PC's result and
      output as it ends. Ctrl-C cancels the job. Exits 0 when every PC ran it and exited 0.
  deskside cp [--ticket ID] [--reason TEXT] [--archive tar.gz|zip] [--retry-seconds S] SOURCE TARGET
      Copy a file to a PC (deskside cp LOCAL DEVICE:PATH) or a file or folder from one
      (deskside cp DEVICE:PATH LOCAL; a folder comes packed, tar.gz unless --archive zip).
      A progress bar shows on a terminal; the SHA-256 is checked at the end. A broken-off
      transfer resumes by itself for S seconds (60), and again when the command is rerun.

Environment: DESKSIDE_CONFIG_DIR (where the sign-in is kept).`;

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

async function login(args: string[]): Promise<void> {
  const { values } = parse(args, { server: { type: 'string' }, user: { type: 'string' } });
  if (!values.server) throw new UsageError('login needs --server URL');
  if (!values.user) throw new UsageError('login needs --user NAME');
  let server: string;
  try {
    server = new URL(values.server).origin;
  } catch {
    throw new UsageError(`--server: "${values.server}" is not a URL (e.g. https://deskside.example.com)`);
  }
  const { readCode, readPassword } = await import('./prompt.js');
  const { request } = await api();
  const password = await readPassword(`Password for ${values.user} at ${server}: `);
  type LoginReply = { token: string; expiresAt: string; user: { username: string; role: string }; totpSetupRequired?: boolean };
  const signIn = (totp?: string) => request<LoginReply>(server, 'POST', '/api/v1/auth/login', { body: { username: values.user, password, ...(totp === undefined ? {} : { totp }) } });
  let r: LoginReply;
  try {
    r = await signIn();
  } catch (err) {
    // The password was right and the account has a second factor: ask for its code.
    if (!(err instanceof ApiError && err.code === 'totp_required')) throw err;
    r = await signIn(await readCode('Two-factor code (or a recovery code): '));
  }
  if (r.totpSetupRequired) throw new Error('two-factor sign-in is required for your role and not set up yet: set it up on the Account page of the web console, then sign in again');
  if (r.user.role === 'employee') throw new Error(`${r.user.username} is an employee account; deskside is for technicians and admins`);
  const file = (await config()).saveLogin({ server, username: r.user.username, token: r.token, expiresAt: r.expiresAt });
  out(`Signed in to ${server} as ${r.user.username} (${r.user.role}) until ${new Date(r.expiresAt).toLocaleString()}.`);
  out(`Sign-in kept in ${file}`);
}

async function devices(args: string[]): Promise<void> {
  const { values } = parse(args, { online: { type: 'boolean' }, search: { type: 'string' }, json: { type: 'boolean' } });
  const session = (await config()).readLogin();
  const { authed } = await api();
  const q = new URLSearchParams({ limit: '500' });
  if (values.online) q.set('online', 'true');
  if (values.search) q.set('q', values.search);
  const list = await authed<DeviceSummary[]>(session, 'GET', `/api/v1/devices?${q}`);
  if (values.json) return out(JSON.stringify(list, null, 2));
  const rows = list.map((d) => [d.id, d.hostname, d.os ?? '-', d.online ? 'online' : 'offline', d.lastSeen ?? '-']);
  const header = ['ID', 'HOSTNAME', 'OS', 'STATE', 'LAST SEEN'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) out(row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  if (list.length === 500) out('(the first 500; narrow with --search)');
}

async function shell(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ticket: { type: 'string' }, reason: { type: 'string' } }, 1);
  const name = positionals[0];
  if (!name) throw new UsageError('shell needs a DEVICE (an id or a hostname)');
  const ticket = values.ticket === undefined ? undefined : Number(values.ticket);
  if (ticket !== undefined && !(Number.isInteger(ticket) && ticket > 0)) throw new UsageError(`--ticket: "${values.ticket}" is not a ticket number`);
  if (values.reason !== undefined && values.reason.length > 500) throw new UsageError('--reason: at most 500 characters');
  if (!process.stdin.isTTY) throw new UsageError('deskside shell needs an interactive terminal: its standard input is not a TTY');
  const session = (await config()).readLogin();
  const [{ findDevice }, { runShell }] = await Promise.all([import('./run.js'), import('./shell.js')]);
  const device = await findDevice(session, name);
  return runShell(session, {
    deviceId: device.id,
    hostname: device.hostname,
    ...(ticket !== undefined ? { ticket } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
  });
}

runCli('deskside', async () => {
  const [command, ...rest] = process.argv.slice(2);
  const usage = command && !command.startsWith('-') && wantsHelp(rest) ? usageOf(HELP, `deskside ${command}`) : undefined;
  if (usage) return out(usage);
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        return out(HELP);
      case '--version':
        return out(VERSION);
      case 'login':
        return await login(rest);
      case 'logout':
        parse(rest, {});
        return out((await config()).forgetLogin() ? 'Signed out.' : 'Not signed in.');
      case 'devices':
        return await devices(rest);
      case 'shell':
        return await shell(rest);
      case 'run':
        return await (await import('./run.js')).runJobCommand((await config()).readLogin(), rest);
      case 'cp':
        return await (await import('./cp.js')).copyCommand((await config()).readLogin(), rest);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    // Known failures are one line; the exit status says which kind.
    if (err instanceof ApiError || err instanceof (await config()).NotSignedIn) throw new Error((err as Error).message);
    throw err;
  }
});
