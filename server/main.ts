#!/usr/bin/env node
import { parse, runCli, usageOf, UsageError, wantsHelp } from '../shared/cli.js';
import { VERSION } from '../shared/version.js';
import { loadConfig, type Config } from './env.js';
import { AppError } from './errors.js';
import type { LocalAgent } from './localAgent.js';

// The server and the admin commands are loaded when they run: --help and a mistyped command
// answer without loading express, the database driver and the rest.
const admin = () => import('./commandLine/admin.js');

const HELP = `deskside-server ${VERSION}: the Deskside server

Usage:
  deskside-server start
      Serve the REST API, web console and agent relay on HOST:PORT (default 127.0.0.1:8080).
      Unless DESKSIDE_LOCAL_AGENT=0, also enrolls and runs an agent for this machine.
  deskside-server user add NAME --role employee|technician|admin [--password P] [--email E]
      Create a user account (a password is generated and printed when not given).
  deskside-server user set NAME [--role R] [--disable|--enable] [--password P] [--email E]
      Change a user; a new role, disabling or a new password ends the user's sessions.
  deskside-server user delete NAME
      Delete a user: sign-in and sessions end; tickets and history keep the name.
  deskside-server token create [--expires 24h] [--uses 1]
      Create an enrollment token for agents (printed once; at most 30d and 10000 uses).
  deskside-server token list
      Enrollment tokens: id, state, uses left, expiry (never the token itself).
  deskside-server token revoke ID
      Revoke an enrollment token: no PC can enroll with it any more.
  deskside-server migrate
      Bring the database (DATABASE_URL, or SQLite in DESKSIDE_DATA) up to this version's schema.
  deskside-server export [--output FILE]
      Write everything (users, devices, inventory, tickets, FAQ, audit, sessions and their
      recordings) as JSON lines to FILE or standard output.
  deskside-server import FILE
      Read an export (- for standard input) into an empty database: e.g. SQLite to PostgreSQL.

Environment: PORT, HOST, DESKSIDE_DATA, DESKSIDE_JWT_SECRET, DESKSIDE_ADMIN_PASSWORD,
DESKSIDE_LOCAL_AGENT, DATABASE_URL, DESKSIDE_DB_POOL, DESKSIDE_DB_PREPARE, LOG_LEVEL (see README).`;

const out = (line = '') => process.stdout.write(`${line}\n`);

async function start(config: Config): Promise<void> {
  const [{ createLogger }, { startServer }, { startLocalAgent }] = await Promise.all([import('./logger.js'), import('./server.js'), import('./localAgent.js')]);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger);
  out(`Deskside ${VERSION} is running at ${server.url}`);
  out(`Web console: ${server.url}/console/`);
  if (server.generatedAdminPassword) {
    out(`Created the admin account: username "admin", password "${server.generatedAdminPassword}"`);
    out('  (shown this once; set DESKSIDE_ADMIN_PASSWORD before the first start to choose it)');
  }
  let agent: LocalAgent | undefined;
  if (config.localAgent) {
    try {
      agent = await startLocalAgent({ serverUrl: server.url, dataDir: config.dataDir, store: server.store, logger });
      out(`Local agent ${agent.enrolledNow ? 'enrolled' : 'started'}: this machine is device ${agent.deviceId}`);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'local agent not started');
    }
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await agent?.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const storeCommands = () => import('./commandLine/storeCommands.js');
/** One-word commands. */
const SINGLE: Record<string, (config: Config, args: string[]) => Promise<void>> = {
  migrate: async (config, args) => (await storeCommands()).migrate(config, args),
  export: async (config, args) => (await storeCommands()).exportCommand(config, args),
  import: async (config, args) => (await storeCommands()).importCommand(config, args),
};

const COMMANDS: Record<string, (config: Config, args: string[]) => Promise<void>> = {
  'user add': async (config, args) => (await admin()).userAdd(config, args),
  'user set': async (config, args) => (await admin()).userSet(config, args),
  'user delete': async (config, args) => (await admin()).userDelete(config, args),
  'token create': async (config, args) => (await admin()).tokenCreate(config, args),
  'token list': async (config, args) => (await admin()).tokenList(config, args),
  'token revoke': async (config, args) => (await admin()).tokenRevoke(config, args),
};

runCli('deskside-server', async () => {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    out(HELP);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version') {
    out(VERSION);
    return 0;
  }
  if (wantsHelp(args.slice(1))) {
    const words = args.slice(0, 2).filter((a) => !a.startsWith('-'));
    const usage = usageOf(HELP, `deskside-server ${words.join(' ')}`) ?? usageOf(HELP, `deskside-server ${words[0]}`);
    if (!usage) throw new UsageError(`unknown command "${words.join(' ')}"`);
    out(usage);
    return 0;
  }
  const config = loadConfig();
  const [command, sub, ...rest] = args;
  try {
    if (command === 'start') {
      parse(args.slice(1), {});
      return await start(config);
    }
    const single = SINGLE[command!];
    if (single) return await single(config, args.slice(1));
    const handler = COMMANDS[`${command} ${sub}`];
    if (handler) return await handler(config, rest);
  } catch (err) {
    if (err instanceof AppError) throw new Error(err.message);
    throw err;
  }
  throw new UsageError(`unknown command "${args.slice(0, 2).join(' ')}"`);
});
