import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { desktopEntry, ICON_SVG, launchdPlist, systemdUnit, windowsService, type Layout } from './definitions.js';

/** Where an installed agent lives, per OS. `root` stages everything under another folder (packaging, tests). */
export function layoutFor(platform: NodeJS.Platform = process.platform): Layout & { files: Record<string, string> } {
  if (platform === 'win32') {
    const pf = process.env.ProgramFiles ?? 'C:\\Program Files';
    const pd = process.env.ProgramData ?? 'C:\\ProgramData';
    const dir = path.win32.join(pf, 'Deskside');
    return {
      dir,
      exe: path.win32.join(dir, 'deskside-agent.exe'),
      home: path.win32.join(pd, 'Deskside'),
      files: { shortcut: path.win32.join(pd, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Get help.url') },
    };
  }
  if (platform === 'darwin') {
    const dir = '/usr/local/deskside-agent';
    return {
      dir,
      exe: `${dir}/deskside-agent`,
      home: '/Library/Application Support/Deskside',
      files: { service: '/Library/LaunchDaemons/com.deskside.agent.plist', launcher: '/Applications/Get Help.command' },
    };
  }
  const dir = '/opt/deskside-agent';
  return {
    dir,
    exe: `${dir}/deskside-agent`,
    home: '/var/lib/deskside-agent',
    files: {
      service: '/etc/systemd/system/deskside-agent.service',
      launcher: '/usr/share/applications/deskside-gethelp.desktop',
      icon: '/usr/share/icons/hicolor/scalable/apps/deskside-gethelp.svg',
    },
  };
}

export class InstallError extends Error {}

export interface InstallOptions {
  /** Stage under this folder instead of the system's root, and leave the service manager alone. */
  root?: string;
  /** Enrolls into the installed agent's home unless it is enrolled already. */
  enroll(home: string): Promise<string>;
  log(line: string): void;
}

const staged = (root: string | undefined, p: string) => (root ? path.join(root, p) : p);

function writeFile(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

function haveSystemd(): boolean {
  return fs.existsSync('/run/systemd/system');
}

/**
 * `deskside-agent install`: copies this executable's folder to the system location, enrolls,
 * writes the service definition and the employees' Get help launcher, and starts the service.
 */
export async function install(o: InstallOptions): Promise<void> {
  if (!isSea()) throw new InstallError('install copies this executable: run it from the built agent (npm run build:agent), not through node');
  if (!o.root && process.platform !== 'win32' && process.getuid?.() !== 0) throw new InstallError('install needs root: run it with sudo');
  const l = layoutFor();
  const at = (p: string) => staged(o.root, p);
  const source = path.dirname(process.execPath);
  if (path.resolve(source) !== path.resolve(at(l.dir))) {
    fs.rmSync(at(l.dir), { recursive: true, force: true });
    fs.cpSync(source, at(l.dir), { recursive: true });
  }
  fs.mkdirSync(at(l.home), { recursive: true, mode: 0o700 });
  o.log(await o.enroll(at(l.home)));

  if (process.platform === 'linux') {
    writeFile(at(l.files.service!), systemdUnit(l));
    writeFile(at(l.files.icon!), ICON_SVG);
    writeFile(at(l.files.launcher!), desktopEntry(l, l.files.icon!));
    if (o.root) o.log(`Staged under ${o.root}; the service manager was left alone.`);
    else if (haveSystemd()) {
      execFileSync('systemctl', ['daemon-reload']);
      execFileSync('systemctl', ['enable', '--now', 'deskside-agent.service']);
      o.log('Service deskside-agent enabled and started (systemd).');
    } else o.log(`systemd is not running on this machine: start the agent with "${l.exe} run" from your init system.`);
  } else if (process.platform === 'darwin') {
    writeFile(at(l.files.service!), launchdPlist(l));
    writeFile(at(l.files.launcher!), `#!/bin/sh\nexec "${l.exe}" open\n`, 0o755);
    if (!o.root) execFileSync('launchctl', ['bootstrap', 'system', l.files.service!]);
    o.log('Service com.deskside.agent loaded (launchd).');
  } else if (process.platform === 'win32') {
    writeFile(at(l.files.shortcut!), '[InternetShortcut]\r\nURL=http://127.0.0.1:8765/\r\n');
    if (!o.root) for (const args of windowsService(l)) execFileSync('sc.exe', args);
    o.log('Service DesksideAgent created and started.');
  }
  o.log(`Installed in ${at(l.dir)}; state in ${at(l.home)}.`);
}

export function uninstall(o: { root?: string; purge: boolean; log(line: string): void }): void {
  if (!o.root && process.platform !== 'win32' && process.getuid?.() !== 0) throw new InstallError('uninstall needs root: run it with sudo');
  const l = layoutFor();
  const at = (p: string) => staged(o.root, p);
  const quiet = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // Already stopped or never registered.
    }
  };
  if (!o.root) {
    if (process.platform === 'linux' && haveSystemd()) quiet('systemctl', ['disable', '--now', 'deskside-agent.service']);
    if (process.platform === 'darwin') quiet('launchctl', ['bootout', 'system/com.deskside.agent']);
    if (process.platform === 'win32') for (const args of [['stop', 'DesksideAgent'], ['delete', 'DesksideAgent']]) quiet('sc.exe', args);
  }
  for (const f of Object.values(l.files)) fs.rmSync(at(f), { force: true });
  if (!o.root && process.platform === 'linux' && haveSystemd()) quiet('systemctl', ['daemon-reload']);
  fs.rmSync(at(l.dir), { recursive: true, force: true });
  if (o.purge) fs.rmSync(at(l.home), { recursive: true, force: true });
  o.log(o.purge ? 'Uninstalled; the enrollment and state were removed.' : `Uninstalled; the enrollment and state remain in ${at(l.home)} (--purge removes them).`);
}

/** `deskside-agent open`: the Get-help page in the default browser. */
export function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`Open ${url} in your browser.\n`));
  child.unref();
}
