import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SSHD = '/usr/sbin/sshd';

/** An OpenSSH server of the benchmark's own, on a loopback port, with a key made for the run. */
export interface BenchSshd {
  /** The `ssh` arguments that reach it, before the remote command. */
  args: string[];
  stop(): void;
}

/**
 * Debian's openssh-server, installed when missing and the benchmark may (root with apt-get):
 * the comparison is then measured on every machine that can have it, never skipped.
 */
function ensureInstalled(): string | null {
  if (fs.existsSync(SSHD)) return null;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).error) return `${SSHD} is missing (install Debian's openssh-server)`;
  process.stdout.write('  installing openssh-server for the ssh comparison…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'openssh-server'], { stdio: 'ignore', env });
  return r.status === 0 && fs.existsSync(SSHD) ? null : 'apt-get install openssh-server failed';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
}

/** Starts sshd, or says why it cannot run here. */
export async function startSshd(): Promise<BenchSshd | string> {
  const missing = ensureInstalled();
  if (missing) return missing;
  if (spawnSync('ssh', ['-V']).error) return 'no ssh client (install Debian\'s openssh-client)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-sshd-'));
  // sshd checks that the folder of the keys is not writable by others.
  fs.chmodSync(dir, 0o700);
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'user_ed25519');
  for (const key of [hostKey, userKey]) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  fs.copyFileSync(`${userKey}.pub`, path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'PrintMotd no',
      'PrintLastLog no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  // Privilege separation needs this folder when sshd runs as root.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const stop = () => {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      listening(port, Date.now() + 10_000),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${stderr.trim()}`)))),
    ]);
  } catch (err) {
    stop();
    return err instanceof Error ? err.message : String(err);
  }
  const args = [
    '-p', String(port),
    '-i', userKey,
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    `${os.userInfo().username}@127.0.0.1`,
  ];
  const check = spawnSync('ssh', [...args, 'true'], { encoding: 'utf8', timeout: 15_000 });
  if (check.status !== 0) {
    stop();
    return `ssh to the benchmark's sshd failed: ${(check.stderr || `exit ${check.status}`).trim().split('\n')[0]}`;
  }
  return { args, stop };
}
