#!/usr/bin/env node
import { z } from 'zod';
import { CreateEnrollmentTokenRequest } from '../shared/api/enrollment.js';
import { CreateUserRequest } from '../shared/api/auth.js';
import { parse, runCli, usageOf, UsageError, wantsHelp } from '../shared/cli.js';
import { describeZodError } from '../shared/protocol/codec.js';
import { VERSION } from '../shared/version.js';
import { randomBytes } from 'node:crypto';
import { createEnrollmentToken } from './commands/createEnrollmentToken.js';
import { createUser } from './commands/createUser.js';
import { loadConfig, type Config } from './env.js';
import { AppError } from './errors.js';
import { startLocalAgent, type LocalAgent } from './localAgent.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { openStore } from './storage/open.js';
import { publicUrl } from './publicUrl.js';

const HELP = `deskside-server ${VERSION}: the Deskside server

Usage:
  deskside-server start
      Serve the REST API, web console and agent relay on HOST:PORT (default 127.0.0.1:8080).
      Unless DESKSIDE_LOCAL_AGENT=0, also enrolls and runs an agent for this machine.
  deskside-server user add NAME --role employee|technician|admin [--password P]
      Create a user account (a password is generated and printed when not given).
  deskside-server token create [--expires 24h] [--uses 1]
      Create an enrollment token for agents (printed once).

Environment: PORT, HOST, DESKSIDE_DATA, DESKSIDE_JWT_SECRET, DESKSIDE_ADMIN_PASSWORD,
DESKSIDE_LOCAL_AGENT, DATABASE_URL, LOG_LEVEL (see README).`;

const out = (line = '') => process.stdout.write(`${line}\n`);

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(describeZodError(r.error));
  return r.data;
}

async function start(config: Config): Promise<void> {
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

async function userAdd(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { role: { type: 'string' }, password: { type: 'string' } }, 1);
  if (!positionals[0]) throw new UsageError('user add needs a NAME');
  if (!values.role) throw new UsageError('user add needs --role employee|technician|admin');
  const generated = values.password === undefined ? randomBytes(12).toString('base64url') : undefined;
  const input = validate(CreateUserRequest, { username: positionals[0], role: values.role, password: values.password ?? generated });
  const store = await openStore(config);
  try {
    const user = await createUser(store, input, 'cli');
    out(`Created ${user.role} "${user.username}"${generated ? ` with password "${generated}" (shown once)` : ''}`);
  } finally {
    await store.close();
  }
}

async function tokenCreate(config: Config, args: string[]): Promise<void> {
  const { values } = parse(args, { expires: { type: 'string' }, uses: { type: 'string' } });
  const uses = values.uses === undefined ? undefined : Number(values.uses);
  const input = validate(CreateEnrollmentTokenRequest, { expires: values.expires, uses });
  const store = await openStore(config);
  try {
    const t = await createEnrollmentToken(store, input, 'cli');
    out(t.token);
    process.stderr.write(`Valid until ${t.expiresAt} for ${t.uses} enrollment(s). On the PC:\n`);
    process.stderr.write(`  deskside-agent enroll --server ${publicUrl(config, config.port)} --token ${t.token}\n`);
  } finally {
    await store.close();
  }
}

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
    if (command === 'user' && sub === 'add') return await userAdd(config, rest);
    if (command === 'token' && sub === 'create') return await tokenCreate(config, rest);
  } catch (err) {
    if (err instanceof AppError) throw new Error(err.message);
    throw err;
  }
  throw new UsageError(`unknown command "${args.slice(0, 2).join(' ')}"`);
});
