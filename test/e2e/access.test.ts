import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type AgentProcess } from '../helpers/agent.js';
import { onlineAgent } from '../helpers/fleet.js';
import { SERVER_MAIN, serverEnv, startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal } from '../helpers/terminal.js';

let server: TestServer;
let admin: string;
const agents: AgentProcess[] = [];
const PASSWORD = 'correct-horse-battery';

beforeAll(async () => {
  // This machine's loopback stands for a reverse proxy here: its X-Forwarded-For is believed.
  server = await startTestServer({ DESKSIDE_TRUSTED_PROXIES: '127.0.0.1' });
  admin = await server.api.login();
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await server.stop();
});

const api = (method: string, p: string, token: string | null, body?: unknown) =>
  server.api.request(method, p, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
const enroll = (token: string) => api('POST', '/api/v1/enroll', null, { token, hostname: 'pc-9', platform: 'linux', agentVersion: '0.1.0' });
const me = (token: string) => api('GET', '/api/v1/me', token);
const login = (username: string, password = PASSWORD) => api('POST', '/api/v1/auth/login', null, { username, password });
async function newUser(username: string, role: string, extra: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const r = await api('POST', '/api/v1/users', admin, { username, role, password: PASSWORD, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, token: (await login(username)).body.token };
}

/** `deskside-server …` on the running server's data folder, as an admin on that machine would. */
function serverCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER_MAIN, ...args], { env: serverEnv({ DESKSIDE_DATA: server.dataDir, LOG_LEVEL: 'silent' }) }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('taking a user’s access away ends their sessions at once', () => {
  it('a new role: the old token is refused, a new sign-in carries the new role', async () => {
    const { id, token } = await newUser('rolf', 'technician', { email: 'rolf@example.com' });
    expect((await me(token)).body).toMatchObject({ role: 'technician', email: 'rolf@example.com', disabled: false });
    expect((await api('PATCH', `/api/v1/users/${id}`, admin, { role: 'employee' })).body).toMatchObject({ role: 'employee' });
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
    expect((await me((await login('rolf')).body.token)).body.role).toBe('employee');
  });

  it('disabled: refused at once and at sign-in; re-enabled: a new sign-in works, the old token stays dead', async () => {
    const { id, token } = await newUser('dina', 'employee');
    await api('PATCH', `/api/v1/users/${id}`, admin, { disabled: true });
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'account_disabled' } } });
    expect(await login('dina')).toMatchObject({ status: 401, body: { error: { code: 'account_disabled' } } });
    // A wrong password is told nothing about the account's state.
    expect(await login('dina', 'not-her-password-at-all')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await api('GET', '/api/v1/users', admin)).body.find((u: { username: string }) => u.username === 'dina').disabled).toBe(true);
    await api('PATCH', `/api/v1/users/${id}`, admin, { disabled: false });
    expect((await login('dina')).status).toBe(200);
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
  });

  it('a password reset by an admin: old sessions and the old password stop working', async () => {
    const { id, token } = await newUser('pete', 'employee');
    await api('PATCH', `/api/v1/users/${id}`, admin, { password: 'a-fresh-long-passphrase' });
    expect((await me(token)).status).toBe(401);
    expect((await login('pete')).status).toBe(401);
    expect((await login('pete', 'a-fresh-long-passphrase')).status).toBe(200);
  });

  it('one’s own password: the current one is required, other sessions end, this one goes on with a new token', async () => {
    const { token } = await newUser('olga', 'employee');
    const other = (await login('olga')).body.token;
    expect(await api('POST', '/api/v1/me/password', token, { current: 'not-the-current-one', password: 'olgas-new-passphrase' })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('current') } },
    });
    const changed = await api('POST', '/api/v1/me/password', token, { current: PASSWORD, password: 'olgas-new-passphrase' });
    expect(changed.status).toBe(200);
    expect((await me(changed.body.token)).body.username).toBe('olga');
    for (const old of [token, other]) expect((await me(old)).status).toBe(401);
    expect((await login('olga', 'olgas-new-passphrase')).status).toBe(200);
  });

  it('deleted: gone from the list and from sign-in; its tickets keep its name, which nobody else gets', async () => {
    const { id, token } = await newUser('dave', 'employee');
    const ticket = (await api('POST', '/api/v1/tickets', token, { summary: 'Laptop will not charge' })).body;
    expect((await api('DELETE', `/api/v1/users/${id}`, admin)).status).toBe(204);
    expect((await me(token)).status).toBe(401);
    expect((await login('dave')).status).toBe(401);
    expect((await api('GET', '/api/v1/users', admin)).body.map((u: { username: string }) => u.username)).not.toContain('dave');
    expect((await api('GET', `/api/v1/tickets/${ticket.id}`, admin)).body.requester.username).toBe('dave');
    expect(await api('POST', '/api/v1/users', admin, { username: 'dave', role: 'employee', password: PASSWORD })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining('not reused') } },
    });
    const audit = (await api('GET', '/api/v1/audit?action=user.delete', admin)).body;
    expect(audit[0]).toMatchObject({ actor: 'admin', target: 'dave' });
  });

  it('keeps an admin who can sign in, and refuses weak passwords naming why', async () => {
    const self = (await me(admin)).body;
    expect(await api('PATCH', `/api/v1/users/${self.id}`, admin, { role: 'technician' })).toMatchObject({ status: 409 });
    expect(await api('DELETE', `/api/v1/users/${self.id}`, admin)).toMatchObject({ status: 409 });
    for (const [password, why] of [['short-one', '12 characters'], ['1q2w3e4r5t6y', 'commonly used']]) {
      const r = await api('POST', '/api/v1/users', admin, { username: 'weak', role: 'employee', password });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(new RegExp(`password.*${why}`));
    }
    expect((await api('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', admin, { disabled: true })).status).toBe(404);
    expect((await api('PATCH', `/api/v1/users/${self.id}`, admin, {})).status).toBe(400);
    expect((await api('PATCH', `/api/v1/users/${self.id}`, admin, { role: 'boss' })).status).toBe(400);
  });
});

describe('sign-in throttling per account', () => {
  it('makes each attempt after five failures wait twice as long, from any address, and audits it', async () => {
    await newUser('tara', 'employee');
    const attempt = (password: string, i: number) =>
      server.api.request('POST', '/api/v1/auth/login', { body: { username: 'tara', password }, headers: { 'X-Forwarded-For': `198.51.100.${i}` } });
    // Five guesses from five addresses: each is simply wrong.
    for (let i = 1; i <= 5; i++) expect((await attempt('wrong-password-guess', i)).status).toBe(401);
    const sixth = await attempt('wrong-password-guess', 6);
    expect(sixth).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Even the right password is not looked at while the account waits.
    expect((await attempt(PASSWORD, 7)).status).toBe(429);
    // Another account is not affected.
    expect((await login('olga', 'olgas-new-passphrase')).status).toBe(200);
    const failed = (await api('GET', '/api/v1/audit?action=user.login_failed', admin)).body.filter((e: any) => e.target === 'tara');
    // The address behind the trusted proxy is the one recorded.
    expect(failed.map((e: any) => e.details.address).sort()).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5']);
    const throttled = (await api('GET', '/api/v1/audit?action=user.login_throttled', admin)).body.filter((e: any) => e.target === 'tara');
    expect(throttled[0].details).toMatchObject({ address: '198.51.100.7' });
    // Once the wait is over, the right password works and clears the count.
    await waitFor('the wait over and the sign-in accepted', async () => (await attempt(PASSWORD, 8)).status === 200, 30_000);
    expect((await attempt('wrong-password-guess', 9)).status).toBe(401);
  });
});

describe('a technician losing access while a shell is open', () => {
  it('loses the shell at once when demoted through the API, and within seconds when disabled with the server CLI', async () => {
    const pc = await onlineAgent(server, admin);
    agents.push(pc.agent);
    await api('PATCH', `/api/v1/devices/${pc.deviceId}`, admin, { consent: 'unattended' });
    const first = await newUser('ivy', 'admin');
    const ivy = openTerminal(server.url, { token: first.token, device: pc.deviceId, reason: 'printer queue' });
    await ivy.waitControl('ready');
    await api('PATCH', `/api/v1/users/${first.id}`, admin, { role: 'technician' });
    expect((await ivy.waitControl('exit', 5000)).reason).toBe('access_revoked');

    const second = await newUser('max', 'admin');
    const max = openTerminal(server.url, { token: second.token, device: pc.deviceId, reason: 'disk cleanup' });
    await max.waitControl('ready');
    const cli = await serverCli(['user', 'set', 'max', '--disable']);
    expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining('its sessions have ended') });
    expect((await max.waitControl('exit', 20_000)).reason).toBe('access_revoked');
    expect(await me(second.token)).toMatchObject({ status: 401, body: { error: { code: 'account_disabled' } } });
    const deleted = await serverCli(['user', 'delete', 'rolf']);
    expect(deleted).toMatchObject({ code: 0 });
    expect((await login('rolf')).status).toBe(401);
  });
});

describe('enrollment tokens', () => {
  it('are listed with their state and revocable; a revoked one enrolls nothing', async () => {
    const t = (await api('POST', '/api/v1/enrollment-tokens', admin, { uses: 5, expires: '7d' })).body;
    expect((await api('DELETE', `/api/v1/enrollment-tokens/${t.id}`, admin)).status).toBe(204);
    expect(await enroll(t.token)).toMatchObject({ status: 401, body: { error: { code: 'enrollment_token_revoked' } } });
    const listed = (await api('GET', '/api/v1/enrollment-tokens', admin)).body.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({ state: 'revoked', usesLeft: 5, revokedAt: expect.any(String) });
    expect((await api('DELETE', `/api/v1/enrollment-tokens/${t.id}`, admin)).status).toBe(409);
    const audit = (await api('GET', '/api/v1/audit?action=enrollment_token.revoke', admin)).body;
    expect(audit[0]).toMatchObject({ actor: 'admin', target: t.id });
    const cliList = await serverCli(['token', 'list']);
    expect(cliList.stdout).toMatch(new RegExp(`${t.id}\\trevoked\\t5/5`));
  });

  it('are capped in lifetime and uses, with the cap in the message', async () => {
    const long = await api('POST', '/api/v1/enrollment-tokens', admin, { expires: '31d' });
    expect(long).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('at most 30 days') } } });
    const many = await api('POST', '/api/v1/enrollment-tokens', admin, { uses: 10_001 });
    expect(many).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('at most 10,000 enrollments') } } });
    expect((await api('POST', '/api/v1/enrollment-tokens', admin, { uses: 10_000, expires: '30d' })).status).toBe(201);
  });
});

/** A client frame (masked, as RFC 6455 requires of clients) carrying one text message. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))]);
}

describe('a revoked device whose agent ignores the close frame', () => {
  it('is cut off at once, not after the 30 s close handshake timeout', async () => {
    const t = (await api('POST', '/api/v1/enrollment-tokens', admin, {})).body;
    const device = (await enroll(t.token)).body as { deviceId: string; deviceSecret: string };
    // A hand-written WebSocket client that never answers a close frame.
    const socket = net.connect(server.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
    socket.on('error', () => undefined);
    const ended = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    await new Promise((resolve) => socket.once('connect', resolve));
    const credential = Buffer.from(`${device.deviceId}:${device.deviceSecret}`).toString('base64');
    socket.write(
      [
        'GET /ws/agent HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Authorization: Basic ${credential}`,
        '',
        '',
      ].join('\r\n'),
    );
    await waitFor('the upgrade', () => received.includes('101 Switching Protocols'));
    socket.write(textFrame(JSON.stringify({ type: 'hello', protocol: 1, agentVersion: '0.1.0', deviceId: device.deviceId, hostname: 'pc-9', platform: 'linux' })));
    await waitFor('the welcome', () => received.includes('"welcome"'));
    const revokedAt = Date.now();
    expect((await api('DELETE', `/api/v1/devices/${device.deviceId}`, admin)).status).toBe(204);
    const cutAt = await Promise.race([ended, new Promise<number>((r) => setTimeout(() => r(Infinity), 15_000))]);
    expect(cutAt - revokedAt).toBeLessThan(10_000);
    expect(socket.destroyed).toBe(true);
  });
});
