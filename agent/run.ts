import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../shared/protocol/codec.js';
import type { SessionChannel } from './channel.js';
import { ServerConnection } from './connection.js';
import { readHealth } from './health.js';
import { files, readCredential, readStatus, StateFileError, writeJsonAtomic, type Status } from './home.js';
import { diagnosticsInChild, inventoryInChild } from './collectInChild.js';
import { inventoryHash } from '../shared/inventoryHash.js';
import { createAgentLogger } from './logger.js';
import { HelpPump } from './helpPump.js';
import { HelpQueue } from './queue.js';
import { ConsentBroker } from './shell/consent.js';
import { FileManager } from './files/manager.js';
import { parseRoots } from './files/roots.js';
import { ScriptManager } from './scripts/manager.js';
import { ShellManager } from './shell/manager.js';
import { desktopNotify } from './shell/notify.js';
import { lookup, resolveShellUser, screenUser } from './shell/shellUser.js';
import { startGetHelpServer } from './gethelp/server.js';
import { submitHelp } from './helpCommand.js';
import { TicketNews } from './ticketNews.js';
import { windowsScreenUser } from './gethelp/windowsPeer.js';

const RunEnv = z.object({
  DESKSIDE_INVENTORY_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(60),
  /** How often memory in use and a pending restart are reported (alert rules watch them). */
  DESKSIDE_HEALTH_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(5),
  DESKSIDE_RECONNECT_MAX_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  DESKSIDE_GETHELP_PORT: z.coerce.number().int().min(0).max(65535).default(8765),
  /** How long the person at the PC has to accept a remote shell, when the server does not say (an older server). */
  DESKSIDE_CONSENT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  DESKSIDE_MAX_SHELLS: z.coerce.number().int().min(1).max(32).default(4),
  /** A shell command line (program and arguments) instead of the user's login shell. */
  DESKSIDE_SHELL: z.string().trim().min(1).max(1000).optional(),
  /** The account remote shells run as when the agent runs as root (see shell/shellUser.ts). */
  DESKSIDE_SHELL_USER: z.string().trim().min(1).max(64).optional(),
  /** File operations at once on this PC (transfers and listings). */
  DESKSIDE_MAX_TRANSFERS: z.coerce.number().int().min(1).max(32).default(4),
  /** Folders (separated like PATH) technicians may transfer files in; unset: wherever the account may. */
  DESKSIDE_FILE_ROOTS: z.string().max(10_000).optional(),
});

/** "program arg arg": split on spaces; a program path with spaces is given without arguments. */
function shellCommand(line: string): { file: string; args: string[] } {
  if (fs.existsSync(line)) return { file: line, args: [] };
  const [file, ...args] = line.split(/\s+/);
  return { file: file!, args };
}

/** The account at the screen by name (macOS tells its uid), as the server knows a PC's people. */
function screenAccountName(): string | null {
  const who = screenUser();
  return who !== null && /^\d+$/.test(who) ? (lookup(who)?.name ?? null) : who;
}

/** `deskside-agent run`: connect out, report inventory now and periodically, until stopped. */
export async function run(home: string): Promise<void> {
  const envParsed = RunEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  if (!envParsed.success) throw new Error(`invalid configuration: ${describeZodError(envParsed.error)}`);
  const env = envParsed.data;
  const credential = readCredential(home);
  if (!credential) throw new StateFileError(`not enrolled (no ${files(home).credential}); run: deskside-agent enroll --server URL --token TOKEN`);
  // A named account that does not exist is a configuration mistake: say so now, not at the first session.
  const shellUser = resolveShellUser(env.DESKSIDE_SHELL_USER);
  const logger = createAgentLogger(files(home).log);
  if (shellUser) logger.info({ user: shellUser.name }, 'remote shells run as this account');

  let previous: Status | undefined;
  try {
    previous = readStatus(home);
  } catch (err) {
    logger.warn({ reason: (err as Error).message }, 'ignoring an unreadable status file');
  }
  let status: Status = {
    state: 'connecting',
    since: new Date().toISOString(),
    pid: process.pid,
    lastInventoryAt: previous?.lastInventoryAt ?? null,
    lastInventoryHash: previous?.lastInventoryHash ?? null,
  };
  const saveStatus = (update: Partial<Status>) => {
    status = { ...status, ...update, pid: process.pid };
    try {
      writeJsonAtomic(files(home).status, status, 0o644);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'cannot write the status file');
    }
  };
  saveStatus({});

  const queue = new HelpQueue(home);
  const pump: HelpPump = new HelpPump(queue, () => connection, logger);
  let getHelp: { url: string; close(): Promise<void> } | undefined;
  const pageHint = () => (getHelp ? ` Open ${getHelp.url} to answer.` : '');
  const consent = new ConsentBroker(env.DESKSIDE_CONSENT_SECONDS * 1000, (m) => {
    const what = m.kind === 'files' ? 'transfer files on' : 'open a remote session on';
    logger.warn({ technician: m.technician, reason: m.reason, ticketId: m.ticketId, kind: m.kind ?? 'shell' }, `a technician asks to ${what} this PC`);
    desktopNotify('IT support asks to connect', `${m.technician} asks to ${what} this PC${m.reason ? `: ${m.reason}` : ''}.${pageHint()}`, logger);
  });
  const channel: SessionChannel = {
    send: (m) => connection.send(m),
    sendBinary: (frame) => connection.sendBinary(frame),
    bufferedAmount: () => connection.bufferedAmount(),
    askConsent: (m) => consent.ask(m),
    withdrawConsent: (id) => consent.withdraw(id),
  };
  const shells = new ShellManager({
    ...channel,
    notify: (m) => {
      logger.warn({ technician: m.technician, reason: m.reason, ticketId: m.ticketId }, 'a technician opened a remote shell on this PC');
      desktopNotify('IT support is connected', `${m.technician} opened a remote session on this PC.${getHelp ? ` You can end it at ${getHelp.url}` : ''}`, logger);
    },
    logger,
    maxSessions: env.DESKSIDE_MAX_SHELLS,
    ...(env.DESKSIDE_SHELL ? { shell: shellCommand(env.DESKSIDE_SHELL) } : {}),
    shellUser: () => resolveShellUser(env.DESKSIDE_SHELL_USER),
  });
  const fileTransfers = new FileManager({
    ...channel,
    notify: (m) => {
      logger.warn({ technician: m.technician, op: m.op, path: m.path, ticketId: m.ticketId }, 'a technician is transferring a file on this PC');
      desktopNotify('IT support is transferring a file', `${m.technician} is ${m.op === 'read' ? 'copying' : 'writing'} ${m.path} ${m.op === 'read' ? 'from' : 'to'} this PC.`, logger);
    },
    logger,
    maxTransfers: env.DESKSIDE_MAX_TRANSFERS,
    roots: parseRoots(env.DESKSIDE_FILE_ROOTS),
    shellUser: () => resolveShellUser(env.DESKSIDE_SHELL_USER),
  });
  const scripts = new ScriptManager({ send: (m) => connection.send(m), shellUser: () => resolveShellUser(env.DESKSIDE_SHELL_USER), logger, dir: path.join(home, 'script-results') });
  const news = new TicketNews({
    credential,
    logger,
    screenUser: process.platform === 'win32' ? windowsScreenUser : screenAccountName,
    notify: (title, body) => desktopNotify(title, body, logger, 'normal'),
    pageUrl: () => getHelp?.url,
  });
  // Sent while connected only: an old figure is worth nothing once the PC is back.
  const reportHealth = async () => {
    if (!connection.connected) return;
    try {
      connection.send(await readHealth(home));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'could not read the health report');
    }
  };
  const connection: ServerConnection = new ServerConnection({
    credential,
    logger,
    hostname: os.hostname(),
    backoffBaseMs: 500,
    backoffCapMs: env.DESKSIDE_RECONNECT_MAX_SECONDS * 1000,
    ackedHash: status.lastInventoryHash,
    onStatus: saveStatus,
    onConnected: () => {
      pump.flush();
      scripts.flush();
      void reportHealth();
    },
    onTicketCreated: (requestId, ticketId) => pump.created(requestId, ticketId),
    onRequestRefused: (requestId, code, message) => pump.refused(requestId, code, message),
    onTicketActivity: (m) => news.received(m),
    shells,
    scripts,
    files: fileTransfers,
  });
  logger.info({ server: credential.serverUrl, deviceId: credential.deviceId }, 'agent starting');
  connection.start();
  pump.start();
  try {
    getHelp = await startGetHelpServer({
      port: env.DESKSIDE_GETHELP_PORT,
      credential,
      logger,
      submit: (input, osUser) => submitHelp(home, input, osUser ?? undefined, () => diagnosticsInChild(home)),
      news,
      sessions: {
        list: () => ({ pending: consent.list(), active: shells.active() }),
        answer: (id, accepted) => consent.answer(id, accepted),
        end: (id) => shells.endAtPc(id),
      },
    });
    saveStatus({ getHelpUrl: getHelp.url });
    logger.info({ url: getHelp.url }, 'get-help page listening');
  } catch (err) {
    // Without the page the agent still reports and relays; `deskside-agent help` still works.
    logger.error({ err: (err as Error).message, port: env.DESKSIDE_GETHELP_PORT }, 'get-help page could not start');
  }

  let collecting = false;
  const collect = async () => {
    if (collecting) return;
    collecting = true;
    try {
      const started = Date.now();
      const doc = await inventoryInChild(home);
      logger.info({ ms: Date.now() - started, hash: inventoryHash(doc).slice(0, 12), packages: doc.software.length }, 'inventory collected');
      connection.setInventory(doc);
      // Kept for the diagnostics of a later help request: what changed since this report.
      writeJsonAtomic(files(home).lastSoftware, doc.software, 0o600);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'inventory collection failed');
    } finally {
      collecting = false;
    }
  };
  void collect();
  const timer = setInterval(() => void collect(), env.DESKSIDE_INVENTORY_MINUTES * 60_000);
  const healthTimer = setInterval(() => void reportHealth(), env.DESKSIDE_HEALTH_MINUTES * 60_000);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  clearInterval(healthTimer);
  pump.stop();
  news.stop();
  shells.stop();
  scripts.stop();
  fileTransfers.closeAll();
  // The shells' exit notices go out before the socket closes.
  await new Promise((resolve) => setTimeout(resolve, shells.count > 0 ? 200 : 0));
  await getHelp?.close();
  await connection.stop();
  saveStatus({ state: 'disconnected', since: new Date().toISOString(), detail: 'agent stopped' });
  logger.info('agent stopped');
  logger.flush();
}
