import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent.js';
import { makeApi } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER_MAIN = path.join(ROOT, 'dist/server/main.js');
const dirs: string[] = [];
const tempData = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function serverCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER_MAIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('deskside-server start (what npm start runs)', () => {
  it('creates admin, enrolls and runs the local agent, and stops both on SIGINT', async () => {
    const data = tempData();
    // As an older version left it: open to every local account.
    fs.chmodSync(data, 0o755);
    const child = spawn(process.execPath, [SERVER_MAIN, 'start'], {
      env: { ...process.env, PORT: '0', DESKSIDE_DATA: data, LOG_LEVEL: 'warn', DESKSIDE_LOCAL_AGENT: '1', DESKSIDE_ADMIN_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = (await waitFor('the URL', () => /running at (http:\/\/\S+)/.exec(out)))[1]!;
      const password = (await waitFor('the admin password', () => /password "([^"]+)"/.exec(out)))[1]!;
      await waitFor('local agent', () => /Local agent enrolled/.test(out));
      const api = makeApi(() => url);
      const token = await api.login('admin', password);
      const devices = await waitFor('an online device with inventory', async () => {
        const r = await api.request('GET', '/api/v1/devices?online=true', { token });
        return r.body.length === 1 && r.body[0].inventoryAt ? r.body : null;
      });
      expect(devices[0].hostname).toBe(os.hostname());
      expect(fs.existsSync(path.join(data, 'agent', 'credential.json'))).toBe(true);
      // Tickets, password hashes and the signing secret are the server account's alone.
      expect(fs.statSync(data).mode & 0o777).toBe(0o700);
      for (const f of ['jwt-secret', 'deskside.db', 'deskside.db-wal', 'deskside.db-shm']) {
        expect(fs.statSync(path.join(data, f)).mode & 0o777, f).toBe(0o600);
      }
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const status = JSON.parse(fs.readFileSync(path.join(data, 'agent', 'status.json'), 'utf8'));
    expect(() => process.kill(status.pid, 0)).toThrow();
  });
});

describe('npm start, as a newcomer runs it', () => {
  it('starts at once from a current build and serves the console it prints', async () => {
    const data = tempData();
    // Its own process group, so the test can stop npm and what it started, as Ctrl-C does.
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? data, PORT: '0', DESKSIDE_DATA: data, DESKSIDE_LOCAL_AGENT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const consoleUrl = (await waitFor('the console URL', () => /Web console: (http:\/\/\S+)/.exec(out), 60_000))[1]!;
      // The test run built dist/ first: nothing is rebuilt.
      expect(out).not.toContain('Building');
      const page = await fetch(consoleUrl, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const script = /<script type="module"[^>]* src="(\/console\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
      expect(script).toBeDefined();
      const bundle = await fetch(new URL(script!, consoleUrl));
      expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);
      const bare = await fetch(consoleUrl.replace(/\/$/, ''), { redirect: 'manual' });
      expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
    await exited;
  });
});

describe('deskside-server commands', () => {
  it('adds a user and creates an enrollment token', async () => {
    // A data folder that does not exist yet is created private.
    const data = path.join(tempData(), 'fresh');
    const user = await serverCli(['user', 'add', 'tina', '--role', 'technician'], { DESKSIDE_DATA: data });
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/Created technician "tina" with password "[^"]+"/);
    expect(fs.statSync(data).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(data, 'deskside.db')).mode & 0o777).toBe(0o600);
    const dup = await serverCli(['user', 'add', 'tina', '--role', 'technician', '--password', 'password-123'], { DESKSIDE_DATA: data });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const token = await serverCli(['token', 'create', '--expires', '2h', '--uses', '5'], { DESKSIDE_DATA: data });
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^dse_[A-Za-z0-9_-]{43}$/);
    expect(token.stderr).toContain('for 5 enrollment(s)');
    expect(token.stderr).toContain(`deskside-agent enroll --server http://127.0.0.1:8080 --token ${token.stdout.trim()}`);
    // Listening everywhere is not an address a PC can use: the command names a real one.
    const wildcard = await serverCli(['token', 'create'], { DESKSIDE_DATA: data, HOST: '0.0.0.0', PORT: '9090' });
    expect(wildcard.stderr).toMatch(/--server http:\/\/[^\s]+:9090 --token/);
    expect(wildcard.stderr).not.toContain('0.0.0.0');
    const published = await serverCli(['token', 'create'], { DESKSIDE_DATA: data, HOST: '0.0.0.0', DESKSIDE_PUBLIC_URL: 'https://deskside.example.com/' });
    expect(published.stderr).toContain('--server https://deskside.example.com --token');
    const bad = await serverCli(['token', 'create'], { DESKSIDE_DATA: data, DESKSIDE_PUBLIC_URL: 'deskside.example.com' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DESKSIDE_PUBLIC_URL');
  });
  it('refuses bad arguments with a one-line reason and exit 2', async () => {
    const data = tempData();
    for (const args of [['user', 'add', 'x1', '--role', 'boss'], ['token', 'create', '--uses', 'lots'], ['token', 'create', '--expires', '3w'], ['frobnicate']]) {
      const r = await serverCli(args, { DESKSIDE_DATA: data });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
  it('refuses to start in production without a JWT secret', async () => {
    const r = await serverCli(['start'], { NODE_ENV: 'production', DESKSIDE_DATA: tempData(), DESKSIDE_JWT_SECRET: '' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('deskside-server: invalid configuration: DESKSIDE_JWT_SECRET is required when NODE_ENV=production');
  });
  it('refuses a bad PORT', async () => {
    const r = await serverCli(['start'], { PORT: 'eighty', DESKSIDE_DATA: tempData() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
  });
  it('prints help', async () => {
    const r = await serverCli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deskside-server start');
  });
});
