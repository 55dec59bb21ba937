import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../shared/version.js';
import { waitFor } from '../helpers/agent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal } from '../helpers/terminal.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist', 'agent', 'linux-x64');

let server: TestServer;
let admin: string;
let place: string;
let exe: string;
let agent: ChildProcess | undefined;

/** A bare environment: no node, no node_modules, nothing of the checkout on any path. */
const bareEnv = (home: string) => ({ PATH: '/usr/bin:/bin', HOME: place, DESKSIDE_AGENT_HOME: home, DESKSIDE_SHELL: '/bin/bash --noprofile --norc', DESKSIDE_GETHELP_PORT: '0' });

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(exe, args, { env, cwd: place, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })),
  );
}

beforeAll(async () => {
  // Built here (as npm run build:agent does) when missing or older than any source it packages.
  const built = path.join(BUILT, 'deskside-agent');
  const newestSource = ['agent', 'shared']
    .flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ROOT, dir, f)))
    .concat(path.join(ROOT, 'package-lock.json'))
    .filter((f) => f.endsWith('.ts') || f.endsWith('.json'))
    .reduce((newest, f) => Math.max(newest, fs.statSync(f).mtimeMs), 0);
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestSource;
  if (stale) execFileSync(process.execPath, [path.join(ROOT, 'dist', 'agent', 'build', 'sea.js')], { stdio: 'pipe' });
  place = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-exe-'));
  fs.cpSync(BUILT, path.join(place, 'agent'), { recursive: true });
  exe = path.join(place, 'agent', 'deskside-agent');
  server = await startTestServer();
  admin = await server.api.login();
}, 240_000);
afterAll(async () => {
  agent?.kill('SIGTERM');
  await server?.stop();
  if (place) fs.rmSync(place, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('the agent as one executable', () => {
  it('reports its version and carries what it needs beside it', async () => {
    const r = await run(['--version'], { PATH: '/usr/bin:/bin' });
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(fs.existsSync(path.join(place, 'agent', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'dist', 'agent', 'deskside-agent-linux-x64.tar.gz'))).toBe(true);
  });

  it('installs as a service: a unit that verifies, a Get help launcher, an installed binary that runs; uninstall removes it all', async () => {
    const root = path.join(place, 'root');
    const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
    const r = await run(['install', '--server', server.url, '--token', t.body.token, '--root', root], { PATH: '/usr/bin:/bin', HOME: place });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const deviceId = /device ([0-9a-f-]{36})/.exec(r.stdout)![1]!;
    const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/deskside-agent.service'), 'utf8');
    expect(unit).toContain('ExecStart=/opt/deskside-agent/deskside-agent run');
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toContain('Environment=DESKSIDE_AGENT_HOME=/var/lib/deskside-agent');
    const desktop = fs.readFileSync(path.join(root, 'usr/share/applications/deskside-gethelp.desktop'), 'utf8');
    expect(desktop).toContain('Exec=/opt/deskside-agent/deskside-agent open');
    expect(fs.existsSync(path.join(root, 'usr/share/icons/hicolor/scalable/apps/deskside-gethelp.svg'))).toBe(true);
    expect(fs.statSync(path.join(root, 'var/lib/deskside-agent/credential.json')).mode & 0o777).toBe(0o600);
    if (fs.existsSync('/usr/bin/systemd-analyze')) {
      // The unit as written, pointed at the staged tree where its binary exists; unknown keys
      // are only warnings to systemd, so any output at all fails the check.
      const check = path.join(place, 'deskside-agent.service');
      fs.writeFileSync(check, unit.replaceAll('/opt/deskside-agent', path.join(root, 'opt/deskside-agent')));
      const verify = spawnSync('systemd-analyze', ['verify', check], { encoding: 'utf8' });
      expect({ status: verify.status, output: verify.stdout + verify.stderr }).toEqual({ status: 0, output: '' });
    }

    const installed = spawn(path.join(root, 'opt/deskside-agent/deskside-agent'), ['run'], {
      env: { ...bareEnv(path.join(root, 'var/lib/deskside-agent')) },
      stdio: 'ignore',
    });
    const stopped = new Promise<void>((resolve) => installed.once('exit', () => resolve()));
    try {
      await waitFor('the installed agent online', async () => (await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online, 60_000);
    } finally {
      installed.kill('SIGTERM');
    }
    // As the service manager would: the agent has stopped (and written its last state) before
    // its files are removed; otherwise its last write recreates the folder being purged.
    await stopped;
    const removed = await run(['uninstall', '--purge', '--root', root], { PATH: '/usr/bin:/bin' });
    expect(removed.code).toBe(0);
    for (const gone of ['opt/deskside-agent', 'etc/systemd/system/deskside-agent.service', 'usr/share/applications/deskside-gethelp.desktop', 'var/lib/deskside-agent']) {
      expect(fs.existsSync(path.join(root, gone))).toBe(false);
    }
  });

  it('explains what install needs when it cannot work', async () => {
    const throughNode = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, 'dist', 'agent', 'main.js'), 'install', '--server', server.url, '--token', 'x'], (err, _o, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
      ),
    );
    expect(throughNode.code).toBe(1);
    expect(throughNode.stderr).toMatch(/run it from the built agent/);
    expect((await run(['install', '--server', server.url], { PATH: '/usr/bin:/bin' })).code).toBe(2);
    const notRunning = await run(['open'], { PATH: '/usr/bin:/bin', DESKSIDE_AGENT_HOME: path.join(place, 'nothing-here') });
    expect(notRunning.code).toBe(1);
    expect(notRunning.stderr).toMatch(/not running here/);
  });

  it('is offered for download to admins only', async () => {
    const res = await fetch(`${server.url}/api/v1/agent/download?os=linux-x64`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const archive = path.join(place, 'download.tar.gz');
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' })).toMatch(/^linux-x64\/deskside-agent$/m);
    expect((await server.api.request('GET', '/api/v1/agent/download?os=plan9', { token: admin })).status).toBe(400);
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tess', role: 'technician', password: 'password-123' } });
    const tech = await server.api.login('tess', 'password-123');
    expect((await server.api.request('GET', '/api/v1/agent/download', { token: tech })).status).toBe(403);
  });

  it('enrolls, comes online with its inventory, and opens a remote shell, with no Node.js around it', async () => {
    const home = path.join(place, 'home');
    const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
    const enrolled = await run(['enroll', '--server', server.url, '--token', t.body.token], bareEnv(home));
    expect(enrolled.stderr).toBe('');
    const deviceId = /device ([0-9a-f-]{36})/.exec(enrolled.stdout)![1]!;
    agent = spawn(exe, ['run'], { env: bareEnv(home), cwd: place, stdio: 'ignore' });
    const device = await waitFor(
      'online with inventory',
      async () => {
        const d = (await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body;
        return d.online && d.inventory ? d : null;
      },
      60_000,
    );
    expect(device.agentVersion).toBe(VERSION);
    expect(device.inventory.software.length).toBeGreaterThan(10);
    await server.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    const term = openTerminal(server.url, { token: admin, device: deviceId });
    await term.waitControl('ready');
    term.type('echo from-the-executable-$((6*7))\r');
    await term.waitText('from-the-executable-42');
    term.control({ type: 'close' });
    await term.closed;
  });
});
