import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type AgentProcess } from '../helpers/agent.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { awayFromStepEdge, oathtool } from '../helpers/oathtool.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { CLI_MAIN, runTechCli } from '../helpers/techCli.js';


let server: TestServer;
let agent: AgentProcess;
let deviceId: string;
let hostname: string;
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cli-'));
const env = { ...process.env, DESKSIDE_CONFIG_DIR: configDir };

const cli = (args: string[], input?: string) => runTechCli(env, args, input);

beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.api.login();
  ({ deviceId, agent } = await unattendedAgent(server, admin));
  hostname = (await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.hostname;
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'emma', role: 'employee', password: 'password-123' } });
});
afterAll(async () => {
  await agent?.stop();
  await server.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

describe('the deskside technician command', () => {
  it('explains itself and refuses bad arguments in one line', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/deskside login --server URL --user NAME/);
    const bad = await cli(['login', '--server', 'not a url', '--user', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const notSignedIn = await cli(['devices']);
    expect(notSignedIn.code).toBe(1);
    expect(notSignedIn.stderr).toMatch(/not signed in: run deskside login/);
  });

  it('signs in with a password from a pipe and keeps the token private', async () => {
    const wrong = await cli(['login', '--server', server.url, '--user', 'admin'], 'wrong-password\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('deskside: wrong username or password\n');
    const employee = await cli(['login', '--server', server.url, '--user', 'emma'], 'password-123\n');
    expect(employee.code).toBe(1);
    expect(employee.stderr).toMatch(/employee account/);

    const r = await cli(['login', '--server', server.url, '--user', 'admin'], `${ADMIN_PASSWORD}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Signed in to .* as admin \(admin\)/);
    const file = path.join(configDir, 'login.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(r.stdout).not.toContain(saved.token);
  });

  it('lists devices', async () => {
    const r = await cli(['devices']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+HOSTNAME\s+OS\s+STATE\s+LAST SEEN/);
    expect(r.stdout).toContain(deviceId);
    expect(r.stdout).toMatch(/online/);
    const json = JSON.parse((await cli(['devices', '--json', '--online'])).stdout);
    expect(json.map((d: { id: string }) => d.id)).toContain(deviceId);
  });

  it('says clearly that a shell needs a terminal when stdin is not one', async () => {
    const r = await cli(['shell', deviceId]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an interactive terminal/);
  });

  it('connects a real terminal to the PC, follows resizes, and restores the terminal afterwards', async () => {
    // bash runs the client, then prints its own terminal settings: raw mode must be gone.
    const term = pty.spawn('/bin/bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${CLI_MAIN}" shell "${hostname}" --reason "cli test"; echo "CLI-EXIT=$?"; stty -a`], {
      cols: 100,
      rows: 30,
      env: { ...env, TERM: 'xterm-256color' } as Record<string, string>,
    });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await waitFor('connected', () => screen.includes('Connected to'));
      term.write('stty size; echo cli-$((5*5))\r');
      await waitFor('remote output', () => screen.includes('cli-25') && screen.includes('30 100'));
      term.resize(120, 40);
      // The new size reaches the remote pty a moment later: ask again until it shows.
      await waitFor('resize followed', async () => {
        term.write('stty size\r');
        await new Promise((r) => setTimeout(r, 250));
        return screen.includes('40 120');
      });
      term.write('exit 7\r');
      expect(await exited).toBe(0);
      expect(screen).toContain('CLI-EXIT=7');
      const settings = screen.slice(screen.indexOf('CLI-EXIT=7'));
      expect(settings).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(settings).toMatch(/(^|\s)echo(\s|$)/m);
    } finally {
      term.kill();
    }
    const session = (await server.api.request('GET', `/api/v1/sessions?device=${deviceId}`, { token: await server.api.login() })).body[0];
    expect(session).toMatchObject({ reason: 'cli test', exitCode: 7, endReason: 'exited' });
  });

  it('disconnects with Enter ~ . and leaves the remote shell ended', async () => {
    const term = pty.spawn(process.execPath, [CLI_MAIN, 'shell', deviceId], { cols: 80, rows: 24, env: env as Record<string, string> });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor('connected', () => screen.includes('Connected to'));
    term.write('\r~.');
    expect(await exited).toBe(0);
    expect(screen).toContain('[disconnected]');
    const token = await server.api.login();
    await waitFor('session closed', async () => (await server.api.request('GET', `/api/v1/sessions?device=${deviceId}&limit=1`, { token })).body[0].endReason === 'closed');
  });

  it('asks for the password on a terminal without echoing it', async () => {
    const term = pty.spawn(process.execPath, [CLI_MAIN, 'login', '--server', server.url, '--user', 'admin'], { cols: 120, rows: 24, env: env as Record<string, string> });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor('the prompt', () => screen.includes('Password for admin'));
    term.write(`${ADMIN_PASSWORD}\r`);
    expect(await exited).toBe(0);
    expect(screen).toContain('Signed in to');
    expect(screen).not.toContain(ADMIN_PASSWORD);
  });

  describe('an account with two-factor sign-in', () => {
    const PASSWORD = 'two-factor-tech-pass';
    let secret: string;
    let recovery: string[];
    beforeAll(async () => {
      const admin = await server.api.login();
      await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tomas', role: 'technician', password: PASSWORD } });
      const token = await server.api.login('tomas', PASSWORD);
      secret = (await server.api.request('POST', '/api/v1/me/totp', { token })).body.secret;
      await awayFromStepEdge();
      const done = await server.api.request('POST', '/api/v1/me/totp/confirm', { token, body: { code: oathtool(secret) } });
      expect(done.status).toBe(200);
      recovery = done.body.recoveryCodes;
    });
    const login = (input: string) => cli(['login', '--server', server.url, '--user', 'tomas'], input);

    it('reads the code from the line after the password; without one, or a wrong one, it fails with the reason', async () => {
      expect(await login(`${PASSWORD}\n`)).toMatchObject({ code: 1, stderr: 'deskside: no two-factor code given on standard input\n' });
      expect(await login(`${PASSWORD}\n000000\n`)).toMatchObject({ code: 1, stderr: expect.stringMatching(/wrong or already used code/) });
      expect(await login(`wrong-password\n${recovery[0]}\n`)).toMatchObject({ code: 1, stderr: 'deskside: wrong username or password\n' });
      const ok = await login(`${PASSWORD}\n${recovery[0]}\n`);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/Signed in to .* as tomas \(technician\)/);
    });

    it('asks for the code on a terminal after the password', async () => {
      const term = pty.spawn(process.execPath, [CLI_MAIN, 'login', '--server', server.url, '--user', 'tomas'], { cols: 120, rows: 24, env: env as Record<string, string> });
      let screen = '';
      term.onData((d) => (screen += d));
      const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
      await waitFor('the password prompt', () => screen.includes('Password for tomas'));
      term.write(`${PASSWORD}\r`);
      await waitFor('the code prompt', () => screen.includes('Two-factor code'));
      await awayFromStepEdge();
      term.write(`${oathtool(secret, 1)}\r`);
      expect(await exited).toBe(0);
      expect(screen).toContain('Signed in to');
      expect(screen).not.toContain(PASSWORD);
      expect((await cli(['devices'])).code).toBe(0);
    });
  });
});
