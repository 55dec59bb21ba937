#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { parse, runCli, usageOf, UsageError, wantsHelp } from '../shared/cli.js';
import { VERSION } from '../shared/version.js';
import { HELPER_COMMAND } from './files/helperProtocol.js';
import { agentHome, files, readCredential, readStatus } from './home.js';

// Each command loads what it needs when it runs: `status` and `--help` start in a fraction of
// the time that loading systeminformation, node-pty and the service installer takes.

const HELP = `deskside-agent ${VERSION}: the Deskside agent for this workstation

Usage:
  deskside-agent enroll --server URL --token TOKEN [--force]
      Register this PC with the server using an enrollment token from an admin.
  deskside-agent run
      Connect out to the server and report inventory (what the service runs).
  deskside-agent help "SUMMARY" [--details TEXT] [--urgency low|normal|high|critical]
      Ask for help: opens a ticket with this PC's diagnostics attached (queued while offline).
  deskside-agent inventory
      Print this PC's inventory document as JSON.
  deskside-agent diagnostics
      Print the diagnostics bundle a help request from this PC carries, as JSON.
  deskside-agent status
      Say whether this PC is enrolled, connected, and when it last reported.
  deskside-agent open
      Open this PC's Get-help page in the default browser.
  deskside-agent install --server URL --token TOKEN [--root DIR]     (root/Administrator)
      Enroll, copy this executable to the system location, install and start the service,
      and add a "Get help" launcher for employees. --root stages the files under DIR instead.
  deskside-agent uninstall [--purge] [--root DIR]
      Stop and remove the service and files; --purge also removes the enrollment and state.

State (credential, status, log) is kept in DESKSIDE_AGENT_HOME (now: ${agentHome()}).`;

const out = (line: string) => process.stdout.write(`${line}\n`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const commands: Record<string, (args: string[], home: string) => Promise<number | void>> = {
  async install(args) {
    const { values } = parse(args, { server: { type: 'string' }, token: { type: 'string' }, root: { type: 'string' } });
    if (!values.server) throw new UsageError('install needs --server URL');
    if (!values.token) throw new UsageError('install needs --token TOKEN');
    const { install } = await import('./install/install.js');
    await install({
      ...(values.root ? { root: path.resolve(values.root) } : {}),
      log: out,
      async enroll(target) {
        const existing = readCredential(target);
        if (existing) return `Already enrolled as device ${existing.deviceId}; keeping it.`;
        const { enroll } = await import('./enroll.js');
        const credential = await enroll(target, values.server!, values.token!);
        return `Enrolled with ${credential.serverUrl} as device ${credential.deviceId}`;
      },
    });
  },
  async uninstall(args) {
    const { values } = parse(args, { purge: { type: 'boolean' }, root: { type: 'string' } });
    const { uninstall } = await import('./install/install.js');
    uninstall({ purge: values.purge ?? false, log: out, ...(values.root ? { root: path.resolve(values.root) } : {}) });
  },
  async open(args, home) {
    parse(args, {});
    const url = readStatus(home)?.getHelpUrl;
    if (!url) throw new Error('the agent is not running here (no Get-help page yet); start it, then try again');
    const { openInBrowser } = await import('./install/install.js');
    openInBrowser(url);
    out(`Opening ${url}`);
  },
  async enroll(args, home) {
    const { values } = parse(args, { server: { type: 'string' }, token: { type: 'string' }, force: { type: 'boolean' } });
    if (!values.server) throw new UsageError('enroll needs --server URL');
    if (!values.token) throw new UsageError('enroll needs --token TOKEN');
    if (!values.force && fs.existsSync(files(home).credential)) {
      throw new Error(`already enrolled (${files(home).credential}); add --force to enroll again`);
    }
    const { enroll } = await import('./enroll.js');
    const credential = await enroll(home, values.server, values.token);
    out(`Enrolled with ${credential.serverUrl} as device ${credential.deviceId}`);
  },
  async run(args, home) {
    parse(args, {});
    const { run } = await import('./run.js');
    await run(home);
  },
  async help(args, home) {
    const { values, positionals } = parse(args, { details: { type: 'string' }, urgency: { type: 'string' } }, 1);
    const summary = positionals[0]?.trim() ?? '';
    if (summary.length < 3) throw new UsageError('help needs a SUMMARY of at least 3 characters, e.g. deskside-agent help "Printer jams"');
    if (summary.length > 200) throw new UsageError('the SUMMARY is longer than 200 characters; put the rest in --details');
    if ((values.details ?? '').length > 20_000) throw new UsageError('--details is longer than 20,000 characters');
    const { help } = await import('./helpCommand.js');
    out(await help(home, { summary, details: values.details ?? '', urgency: values.urgency ?? 'normal' }));
  },
  async inventory(args) {
    parse(args, {});
    const { collectInventory } = await import('./inventory/collect.js');
    out(JSON.stringify(await collectInventory(), null, 2));
  },
  async diagnostics(args, home) {
    parse(args, {});
    const { collectHelpDiagnostics } = await import('./helpCommand.js');
    out(JSON.stringify(await collectHelpDiagnostics(home), null, 2));
  },
  async status(args, home) {
    parse(args, {});
    const credential = readCredential(home);
    if (!credential) {
      out(`not enrolled (home: ${home})`);
      return 3;
    }
    out(`enrolled: device ${credential.deviceId} with ${credential.serverUrl} since ${credential.enrolledAt}`);
    const status = readStatus(home);
    if (!status || !isRunning(status.pid) || status.detail === 'agent stopped') {
      out('agent: not running');
      if (status?.lastInventoryAt) out(`last inventory report: ${status.lastInventoryAt}`);
      return 1;
    }
    out(`agent: running (pid ${status.pid}), ${status.state} since ${status.since}${status.detail ? ` (${status.detail})` : ''}`);
    out(`last inventory report: ${status.lastInventoryAt ?? 'none yet'}`);
    if (status.getHelpUrl) out(`get-help page: ${status.getHelpUrl}`);
    return status.state === 'connected' ? 0 : 1;
  },
};

runCli('deskside-agent', async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === '-h') {
    out(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    out(VERSION);
    return 0;
  }
  // Not a command for people: the agent starts itself this way for one file operation.
  if (command === HELPER_COMMAND) {
    const { runHelper } = await import('./files/helper.js');
    return runHelper(rest[0]);
  }
  const handler = commands[command];
  if (!handler) throw new UsageError(`unknown command "${command}"`);
  if (wantsHelp(rest)) {
    out(usageOf(HELP, `deskside-agent ${command}`) ?? HELP);
    return 0;
  }
  return handler(rest, agentHome());
});
