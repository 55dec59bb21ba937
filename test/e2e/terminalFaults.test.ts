import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type AgentProcess } from '../helpers/agent.js';
import { onlineAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal, pidAlive, shellPid } from '../helpers/terminal.js';

let server: TestServer;
let admin: string;
const agents: AgentProcess[] = [];

const api = (method: string, p: string, body?: unknown) => server.api.request(method, p, { token: admin, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await server.stop();
});

async function pc(consent: 'prompt' | 'notify' | 'unattended', env: Record<string, string> = {}) {
  const a = await onlineAgent(server, admin, env);
  agents.push(a.agent);
  await api('PATCH', `/api/v1/devices/${a.deviceId}`, { consent });
  const page = await waitFor('the Get-help page', () => JSON.parse(fs.readFileSync(path.join(a.home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
  /** The Get-help page's session API, as the employee's browser calls it. */
  const pageApi = {
    list: async () => (await (await fetch(new URL('/api/sessions', page))).json()) as { pending: any[]; active: any[] },
    post: (p: string, body: unknown) =>
      fetch(new URL(p, page), { method: 'POST', headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') }, body: JSON.stringify(body) }),
  };
  return { ...a, pageApi };
}


const sessionRecord = (id: string) => waitFor(`session ${id} written`, async () => {
  const s = (await api('GET', `/api/v1/sessions/${id}`)).body;
  return s.state === 'ended' || s.state === 'refused' ? s : null;
});

describe('consent at the PC', () => {
  it('asks on the Get-help page; the employee accepts, sees who is connected, and ends it', async () => {
    const { deviceId, pageApi } = await pc('prompt');
    const t = openTerminal(server.url, { token: admin, device: deviceId, reason: 'disk cleanup' });
    expect(await t.waitControl('status')).toMatchObject({ state: 'waiting_for_consent' });
    const pending = await waitFor('the request on the page', async () => (await pageApi.list()).pending[0]);
    expect(pending).toMatchObject({ technician: 'admin', reason: 'disk cleanup' });
    expect(Date.parse(pending.expiresAt) - Date.parse(pending.askedAt)).toBe(60_000);
    expect((await pageApi.post('/api/sessions/answer', { sessionId: pending.sessionId, accept: true })).status).toBe(200);
    const ready = await t.waitControl('ready');
    expect(ready).toMatchObject({ consent: 'accepted', sessionId: pending.sessionId });
    const pid = await shellPid(t);

    const active = (await pageApi.list()).active;
    expect(active).toEqual([expect.objectContaining({ sessionId: ready.sessionId, technician: 'admin', reason: 'disk cleanup' })]);
    expect((await pageApi.post('/api/sessions/end', { sessionId: ready.sessionId })).status).toBe(200);
    expect(await t.waitControl('exit')).toMatchObject({ reason: 'ended_at_pc' });
    await waitFor('shell killed', () => !pidAlive(pid), 10_000);
    const s = await sessionRecord(ready.sessionId);
    expect(s).toMatchObject({ endReason: 'ended_at_pc', consent: { policy: 'prompt', decision: 'accepted' } });
    expect(s.consent.at).toBeTruthy();
    // Answers to requests that are not waiting, and malformed ones, are refused.
    expect((await pageApi.post('/api/sessions/answer', { sessionId: ready.sessionId, accept: true })).status).toBe(409);
    expect((await pageApi.post('/api/sessions/answer', { sessionId: 'x', accept: 'yes' })).status).toBe(400);
    expect((await pageApi.post('/api/sessions/end', { sessionId: ready.sessionId })).status).toBe(404);
  });

  it('refuses the session when the employee declines, and writes the decision on the session and the ticket', async () => {
    const { deviceId, pageApi } = await pc('prompt');
    const ticket = (await api('POST', '/api/v1/tickets', { summary: 'Slow PC', deviceId })).body;
    const t = openTerminal(server.url, { token: admin, device: deviceId, ticket: ticket.id });
    const pending = await waitFor('the request on the page', async () => (await pageApi.list()).pending[0]);
    expect(pending.ticketId).toBe(ticket.id);
    await pageApi.post('/api/sessions/answer', { sessionId: pending.sessionId, accept: false });
    expect((await t.closed).code).toBe(4409);
    expect(t.controls.at(-1)).toMatchObject({ type: 'error', code: 'consent_denied' });
    const s = await sessionRecord(pending.sessionId);
    expect(s).toMatchObject({ state: 'refused', consent: { decision: 'denied' }, recording: null });
    const detail = (await api('GET', `/api/v1/tickets/${ticket.id}`)).body;
    expect(detail.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'session.refused', data: expect.objectContaining({ consent: 'denied' }) })]));
    const audit = (await api('GET', '/api/v1/audit?action=session.refused')).body;
    expect(audit[0].details).toMatchObject({ sessionId: pending.sessionId, consent: 'denied' });
  });

  it("refuses the session when nobody answers within the server's consent time, which the PC follows", async () => {
    // The server's setting decides; the agent's own (for older servers) would wait ten minutes.
    const quick = await startTestServer({ DESKSIDE_CONSENT_SECONDS: '5' });
    try {
      const token = await quick.api.login();
      const a = await onlineAgent(quick, token, { DESKSIDE_CONSENT_SECONDS: '600' });
      agents.push(a.agent);
      const page = await waitFor('the Get-help page', () => JSON.parse(fs.readFileSync(path.join(a.home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
      const t = openTerminal(quick.url, { token, device: a.deviceId });
      const asked = await waitFor('the request on the page', async () => ((await (await fetch(new URL('/api/sessions', page))).json()) as { pending: any[] }).pending[0]);
      expect(Date.parse(asked.expiresAt) - Date.parse(asked.askedAt)).toBe(5000);
      expect((await t.closed).code).toBe(4409);
      expect(t.controls.at(-1)).toMatchObject({ type: 'error', code: 'consent_timeout' });
    } finally {
      await quick.stop();
    }
  });

  it('withdraws the question when the technician gives up waiting', async () => {
    const { deviceId, pageApi } = await pc('prompt');
    const t = openTerminal(server.url, { token: admin, device: deviceId });
    await waitFor('the request on the page', async () => (await pageApi.list()).pending[0]);
    t.ws.close();
    await waitFor('the request withdrawn', async () => (await pageApi.list()).pending.length === 0);
  });

  it('starts at once under "notify", and the PC shows who is connected', async () => {
    const { deviceId, pageApi } = await pc('notify');
    const t = openTerminal(server.url, { token: admin, device: deviceId });
    expect(await t.waitControl('ready')).toMatchObject({ consent: 'not_required' });
    expect((await pageApi.list()).active).toHaveLength(1);
    t.control({ type: 'close' });
    await t.closed;
    await waitFor('no session listed', async () => (await pageApi.list()).active.length === 0);
  });
});

describe('faults in the middle of a session', () => {
  it('closes the session within a second when the device is revoked, and kills the shell', async () => {
    const { deviceId } = await pc('unattended');
    const t = openTerminal(server.url, { token: admin, device: deviceId });
    await t.waitControl('ready');
    const pid = await shellPid(t);
    expect((await api('DELETE', `/api/v1/devices/${deviceId}`)).status).toBe(204);
    expect(await t.waitControl('exit', 1000)).toMatchObject({ reason: 'device_revoked' });
    await waitFor('shell killed', () => !pidAlive(pid), 10_000);
  });

  it('tells the technician when the agent dies, and leaves no shell behind', async () => {
    const { deviceId, agent } = await pc('unattended');
    const t = openTerminal(server.url, { token: admin, device: deviceId });
    await t.waitControl('ready');
    const pid = await shellPid(t);
    agent.child.kill('SIGKILL');
    expect(await t.waitControl('exit', 10_000)).toMatchObject({ reason: 'agent_disconnected' });
    await t.closed;
    await waitFor('shell gone with its agent', () => !pidAlive(pid), 10_000);
  });

  it('survives a server restart: the shell is killed, the agent comes back, the session is closed in the record', async () => {
    const { deviceId, agent } = await pc('unattended');
    const t = openTerminal(server.url, { token: admin, device: deviceId });
    const ready = await t.waitControl('ready');
    const pid = await shellPid(t);
    await server.restart();
    admin = await server.api.login();
    expect(await t.waitControl('exit')).toMatchObject({ reason: 'server_shutdown' });
    expect((await t.closed).code).toBe(1001);
    await waitFor('shell killed by the agent', () => !pidAlive(pid), 10_000);
    await waitFor('agent back online', async () => (await api('GET', `/api/v1/devices/${deviceId}`)).body.online);
    expect(agent.child.exitCode).toBeNull();
    expect((await sessionRecord(ready.sessionId)).endReason).toBe('server_shutdown');
    // And a new session works over the new connection.
    const again = openTerminal(server.url, { token: admin, device: deviceId });
    await again.waitControl('ready');
    again.type('echo back-$((3*3))\r');
    await again.waitText('back-9');
    again.control({ type: 'close' });
    await again.closed;
  });
});
