import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skewedClock } from '../helpers/cluster.js';
import { awayFromStepEdge, oathtool } from '../helpers/oathtool.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
const PASSWORD = 'correct-horse-battery';

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
});
afterAll(() => server.stop());

const api = (method: string, p: string, token: string | null, body?: unknown) =>
  server.api.request(method, p, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
const login = (username: string, totp?: string, password = PASSWORD) => api('POST', '/api/v1/auth/login', null, { username, password, ...(totp === undefined ? {} : { totp }) });
async function newUser(username: string, role: string): Promise<{ id: string; token: string }> {
  const r = await api('POST', '/api/v1/users', admin, { username, role, password: PASSWORD });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, token: (await login(username)).body.token };
}
/** Enrols the signed-in user with codes from oathtool; returns the secret, recovery codes and the new token. */
async function enrol(token: string): Promise<{ secret: string; recoveryCodes: string[]; token: string }> {
  const start = await api('POST', '/api/v1/me/totp', token);
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  await awayFromStepEdge();
  const done = await api('POST', '/api/v1/me/totp/confirm', token, { code: oathtool(start.body.secret) });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { secret: start.body.secret, recoveryCodes: done.body.recoveryCodes, token: done.body.token };
}

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with the first code an authenticator shows, ends the other sessions and gives ten recovery codes', async () => {
    const { token } = await newUser('tess', 'technician');
    const start = await api('POST', '/api/v1/me/totp', token);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(start.body.otpauthUrl);
    expect([url.protocol, url.host, decodeURIComponent(url.pathname)]).toEqual(['otpauth:', 'totp', '/Deskside:tess']);
    expect(url.searchParams.get('secret')).toBe(start.body.secret);
    expect((await api('GET', '/api/v1/me/totp', token)).body).toEqual({ enabled: false, pending: true, recoveryCodesLeft: 0, required: false });
    // Not on until confirmed: sign-in still needs the password alone.
    expect((await login('tess')).status).toBe(200);

    expect(await api('POST', '/api/v1/me/totp/confirm', token, { code: 'abc' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringContaining('code') } } });
    await awayFromStepEdge();
    const wrong = String((Number(oathtool(start.body.secret)) + 1) % 1_000_000).padStart(6, '0');
    expect(await api('POST', '/api/v1/me/totp/confirm', token, { code: wrong })).toMatchObject({ status: 400, body: { error: { code: 'totp_invalid' } } });
    const done = await api('POST', '/api/v1/me/totp/confirm', token, { code: oathtool(start.body.secret) });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect(await api('GET', '/api/v1/me', token)).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
    expect((await api('GET', '/api/v1/me', done.body.token)).body).toMatchObject({ username: 'tess', twoFactor: true, totpSetupRequired: false });
    expect((await api('GET', '/api/v1/me/totp', done.body.token)).body).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10, required: false });
    expect(await api('POST', '/api/v1/me/totp', done.body.token)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('a recovery code signs in once, however it is typed; new codes replace the old', async () => {
    const { token } = await newUser('rita', 'admin');
    const { recoveryCodes, token: fresh } = await enrol(token);
    const typed = recoveryCodes[0]!.toUpperCase().replace(/-/g, ' ');
    expect((await login('rita', typed)).status).toBe(200);
    expect(await login('rita', recoveryCodes[0]!)).toMatchObject({ status: 401, body: { error: { code: 'totp_required' } } });
    expect((await api('GET', '/api/v1/me/totp', fresh)).body.recoveryCodesLeft).toBe(9);
    expect(await api('POST', '/api/v1/me/totp/recovery-codes', fresh, { password: 'not-my-password' })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('password') } } });
    const renewed = await api('POST', '/api/v1/me/totp/recovery-codes', fresh, { password: PASSWORD });
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(await login('rita', recoveryCodes[1]!)).toMatchObject({ status: 401 });
    expect((await login('rita', renewed.body.recoveryCodes[5])).status).toBe(200);
  });

  it('an admin resets a lost second factor: audited, the user’s sessions end, the password alone signs in again', async () => {
    const { id, token } = await newUser('lena', 'technician');
    const { token: lenaToken } = await enrol(token);
    expect(await api('DELETE', `/api/v1/users/${id}/totp`, lenaToken)).toMatchObject({ status: 403 });
    expect((await api('DELETE', `/api/v1/users/${id}/totp`, admin)).status).toBe(204);
    expect(await api('GET', '/api/v1/me', lenaToken)).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
    const again = await login('lena');
    expect(again.status).toBe(200);
    expect(again.body.user.twoFactor).toBe(false);
    expect(await api('DELETE', `/api/v1/users/${id}/totp`, admin)).toMatchObject({ status: 409 });
    const audit = await api('GET', '/api/v1/audit?q=lena&limit=50', admin);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.totp_enable', 'user.totp_reset']));
    expect(audit.body.find((e: { action: string }) => e.action === 'user.totp_reset')).toMatchObject({ actor: 'admin' });
    // The user list says who has a second factor.
    const users = (await api('GET', '/api/v1/users', admin)).body as { username: string; twoFactor: boolean }[];
    expect(users.find((u) => u.username === 'lena')!.twoFactor).toBe(false);
    expect(users.find((u) => u.username === 'tess')!.twoFactor).toBe(true);
  });

  it('a turned-off second factor asks no code; turning it off needs the password', async () => {
    const { token } = await newUser('paul', 'technician');
    const { token: fresh } = await enrol(token);
    expect(await api('POST', '/api/v1/me/totp/disable', fresh, { password: 'wrong-password-here' })).toMatchObject({ status: 400 });
    expect((await api('POST', '/api/v1/me/totp/disable', fresh, { password: PASSWORD })).status).toBe(204);
    expect((await login('paul')).status).toBe(200);
    expect(await api('POST', '/api/v1/me/totp/disable', fresh, { password: PASSWORD })).toMatchObject({ status: 409 });
  });

  it('employees have no second factor to set up', async () => {
    const { token } = await newUser('emma', 'employee');
    expect(await api('POST', '/api/v1/me/totp', token)).toMatchObject({ status: 403 });
  });

  it('a policy that requires it: the admin needs one first; others are led to set it up before anything else', async () => {
    expect(await api('PUT', '/api/v1/security-policy', admin, { requireTwoFactor: true })).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('your own account') } } });
    expect(await api('PUT', '/api/v1/security-policy', admin, { requireTwoFactor: 'yes' })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('requireTwoFactor') } } });
    const { token: nicoBefore } = await newUser('nico', 'technician');
    const { token: employee } = await newUser('ella', 'employee');
    const { secret: adminSecret, token: adminToken } = await enrol(admin);
    admin = adminToken;
    expect((await api('PUT', '/api/v1/security-policy', admin, { requireTwoFactor: true })).body).toEqual({ requireTwoFactor: true });
    expect((await api('GET', '/api/v1/security-policy', admin)).body).toEqual({ requireTwoFactor: true });

    // Technicians without a second factor were signed out; employees were not.
    expect(await api('GET', '/api/v1/me', nicoBefore)).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
    expect((await api('GET', '/api/v1/me', employee)).status).toBe(200);
    expect((await login('ella')).body.totpSetupRequired).toBeUndefined();

    const nico = await login('nico');
    expect(nico.body).toMatchObject({ totpSetupRequired: true, user: { twoFactor: false } });
    const setup = nico.body.token as string;
    expect(await api('GET', '/api/v1/tickets', setup)).toMatchObject({ status: 403, body: { error: { code: 'totp_setup_required' } } });
    expect(await api('GET', '/api/v1/events', setup)).toMatchObject({ status: 403, body: { error: { code: 'totp_setup_required' } } });
    expect((await api('GET', '/api/v1/me', setup)).body).toMatchObject({ username: 'nico', totpSetupRequired: true });
    expect((await api('GET', '/api/v1/me/totp', setup)).body).toMatchObject({ enabled: false, required: true });
    const { token: full, secret } = await enrol(setup);
    expect((await api('GET', '/api/v1/tickets', full)).status).toBe(200);
    expect(await api('POST', '/api/v1/me/totp/disable', full, { password: PASSWORD })).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('policy') } } });
    await awayFromStepEdge();
    expect((await login('nico', oathtool(secret, 1))).status).toBe(200);

    // The admin signs in with a code now too; turning the policy off asks nothing of anyone.
    expect((await login('admin', undefined, ADMIN_PASSWORD)).body.error.code).toBe('totp_required');
    expect((await login('admin', oathtool(adminSecret, 1), ADMIN_PASSWORD)).status).toBe(200);
    expect((await api('PUT', '/api/v1/security-policy', admin, { requireTwoFactor: false })).status).toBe(200);
    expect((await api('GET', '/api/v1/me', full)).status).toBe(200);
  });
});

describe('two-factor sign-in: the window and replays', () => {
  it('a code of the previous, current or next step signs in, each once; older, further or reused codes are refused', async () => {
    // Enrolled a minute and a half ago (the server's clock set back), so the previous step is
    // later than the one the enrolment used; then the server runs on the real clock.
    const past = await startTestServer(skewedClock(-90));
    try {
      const call = (method: string, p: string, token: string | null, body?: unknown) => past.api.request(method, p, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
      const root = await past.api.login();
      await call('POST', '/api/v1/users', root, { username: 'otto', role: 'technician', password: PASSWORD });
      const token = (await call('POST', '/api/v1/auth/login', null, { username: 'otto', password: PASSWORD })).body.token;
      const start = await call('POST', '/api/v1/me/totp', token);
      await awayFromStepEdge();
      const secret = start.body.secret as string;
      expect((await call('POST', '/api/v1/me/totp/confirm', token, { code: oathtool(secret, -3) })).status).toBe(200);
      await past.restart({ LD_PRELOAD: '', FAKETIME: '' });

      const signIn = (totp?: string, password = PASSWORD) => call('POST', '/api/v1/auth/login', null, { username: 'otto', password, ...(totp === undefined ? {} : { totp }) });
      expect(await signIn()).toMatchObject({ status: 401, body: { error: { code: 'totp_required' } } });
      // The right code with a wrong password tells nothing about the code.
      expect(await signIn(oathtool(secret), 'wrong-password-here')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      await awayFromStepEdge(8);
      const at = Date.now();
      expect(await signIn(oathtool(secret, -2, at))).toMatchObject({ status: 401, body: { error: { code: 'totp_required' } } });
      expect(await signIn(oathtool(secret, 2, at))).toMatchObject({ status: 401, body: { error: { code: 'totp_required' } } });
      for (const step of [-1, 0, 1]) {
        const code = oathtool(secret, step, at);
        const ok = await signIn(code);
        expect(ok.status, `step ${step}: ${JSON.stringify(ok.body)}`).toBe(200);
        expect((await call('GET', '/api/v1/me', ok.body.token)).body.username).toBe('otto');
        // A code seen once (over a shoulder, in a log) does not sign in again.
        expect(await signIn(code)).toMatchObject({ status: 401, body: { error: { code: 'totp_required' } } });
      }
      // Nor does the previous step's once a later one was used.
      expect(await signIn(oathtool(secret, 0, at))).toMatchObject({ status: 401 });
      const audit = await call('GET', '/api/v1/audit?q=otto&limit=100', await past.api.login());
      const refused = (audit.body as { action: string; details: { reason?: string } }[]).filter((e) => e.action === 'user.login_failed' && e.details.reason === 'second factor');
      expect(refused).toHaveLength(6);
    } finally {
      await past.stop();
    }
  });
});
