import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { runTechCli } from '../helpers/techCli.js';

/** `deskside cp` as a technician runs it, against a real server and agent, through a slow link. */
let server: TestServer;
let admin: string;
let device: string;
let home: string;
let agent: AgentProcess;
let slow: TcpProxy;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cp-'));
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cp-config-'));
const cli = (args: string[], input = '', timeoutMs = 60_000) => runTechCli({ ...process.env, DESKSIDE_CONFIG_DIR: configDir }, args, input, timeoutMs);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'ada', role: 'admin', password: 'password-123' } });
  ({ deviceId: device, agent, home } = await unattendedAgent(server, admin));
  // 40 MB/s each way: a transfer of a few hundred MB takes seconds, time to break it.
  slow = await tcpProxy(server.port, '127.0.0.1', { bytesPerSecond: 40 * 1024 * 1024 });
  expect((await cli(['login', '--server', `http://127.0.0.1:${slow.port}`, '--user', 'ada'], 'password-123\n')).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await slow?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('deskside cp', () => {
  it('copies a file up and back, into a folder under its own name, and says its SHA-256', async () => {
    const local = path.join(dir, 'report.txt');
    fs.writeFileSync(local, 'quarterly numbers\n'.repeat(5000));
    const remoteDir = fs.mkdtempSync(path.join(dir, 'pc-'));
    const up = await cli(['cp', local, `${device}:${remoteDir}/`]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`${remoteDir}/report.txt:`);
    expect(up.stdout).toContain(`sha256 ${sha(local)}`);
    expect(sha(path.join(remoteDir, 'report.txt'))).toBe(sha(local));

    const back = fs.mkdtempSync(path.join(dir, 'back-'));
    const down = await cli(['cp', `${device}:${remoteDir}/report.txt`, back]);
    expect(down.code).toBe(0);
    expect(sha(path.join(back, 'report.txt'))).toBe(sha(local));
    expect(fs.readdirSync(back)).toEqual(['report.txt']);
  });

  it('brings a folder packed as tar.gz or zip', async () => {
    const folder = path.join(dir, 'logs');
    fs.mkdirSync(path.join(folder, 'old'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'old/app.log'), 'line\n');
    const into = fs.mkdtempSync(path.join(dir, 'into-'));
    expect((await cli(['cp', `${device}:${folder}`, into])).code).toBe(0);
    expect((await cli(['cp', '--archive', 'zip', `${device}:${folder}`, into])).code).toBe(0);
    expect(execFileSync('tar', ['tzf', path.join(into, 'logs.tar.gz')], { encoding: 'utf8' })).toContain('logs/old/app.log');
    expect(execFileSync('unzip', ['-l', path.join(into, 'logs.zip')], { encoding: 'utf8' })).toContain('logs/old/app.log');
  });

  it('explains what is wrong with its arguments, and what the PC said', async () => {
    const neither = await cli(['cp', 'a', 'b']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('exactly one of SOURCE and TARGET is DEVICE:PATH');
    expect((await cli(['cp', `${device}:/x`])).code).toBe(2);
    expect((await cli(['cp', '--archive', 'rar', `${device}:/x`, dir])).stderr).toContain('--archive');
    const missing = await cli(['cp', `${device}:${dir}/no-such-file`, dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or folder');
    const relative = await cli(['cp', `${device}:etc/passwd`, dir]);
    expect(relative.code).toBe(1);
    expect(relative.stderr).toContain('must be absolute');
    const noLocal = await cli(['cp', path.join(dir, 'nothing'), `${device}:/tmp/`]);
    expect(noLocal.stderr).toContain('no such file');
  });

  it('goes on where it stopped when the agent is killed mid-download and comes back', async () => {
    const big = path.join(dir, 'disk.img');
    const data = Buffer.alloc(200 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i, i);
    fs.writeFileSync(big, data);
    const into = fs.mkdtempSync(path.join(dir, 'resume-'));
    const part = path.join(into, 'disk.img.deskside-part');
    const run = cli(['cp', `${device}:${big}`, into], '', 120_000);
    await waitFor('part of the file to arrive', () => (fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0) > 20 * 1024 * 1024, 30_000);
    agent.child.kill('SIGKILL');
    await agent.stop();
    const before = fs.statSync(part).size;
    expect(before).toBeLessThan(data.length);
    agent = runAgent(home, { DESKSIDE_GETHELP_PORT: '0' });
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/trying again/);
    expect(sha(path.join(into, 'disk.img'))).toBe(createHash('sha256').update(data).digest('hex'));
    expect(fs.existsSync(part)).toBe(false);
    // The last try sent only what was missing.
    const list = (await server.api.request('GET', `/api/v1/transfers?device=${device}&limit=1`, { token: admin })).body;
    expect(list[0]).toMatchObject({ state: 'done', path: big });
    expect(list[0].offset).toBeGreaterThanOrEqual(before);
  }, 120_000);

  it('goes on with an upload from what the PC kept after the agent was killed', async () => {
    const local = path.join(dir, 'setup.bin');
    const data = Buffer.alloc(150 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i * 3, i);
    fs.writeFileSync(local, data);
    const remoteDir = fs.mkdtempSync(path.join(dir, 'up-'));
    const part = path.join(remoteDir, 'setup.bin.deskside-part');
    const run = cli(['cp', local, `${device}:${remoteDir}/`], '', 120_000);
    await waitFor('part of the upload written', () => (fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0) > 1024 * 1024, 30_000);
    agent.child.kill('SIGKILL');
    await agent.stop();
    agent = runAgent(home, { DESKSIDE_GETHELP_PORT: '0' });
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(sha(path.join(remoteDir, 'setup.bin'))).toBe(sha(local));
    expect(fs.existsSync(part)).toBe(false);
    const last = (await server.api.request('GET', `/api/v1/transfers?device=${device}&limit=1`, { token: admin })).body[0];
    expect(last).toMatchObject({ direction: 'upload', state: 'done', sha256: sha(local) });
    expect(last.offset).toBeGreaterThan(0);
  }, 120_000);
});
