import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent.js';
import { enrollAgent, onlineAgent } from '../helpers/fleet.js';
import { shellWorld, type ShellWorld } from '../helpers/shellFixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal, type TerminalOptions } from '../helpers/terminal.js';

let world: ShellWorld;
let server: TestServer;
let admin: string;
let tech: string;
let techId: string;
let employee: string;
let deviceId: string;

beforeAll(async () => {
  world = await shellWorld();
  ({ server, admin, tech, techId, employee, deviceId } = world);
});
afterAll(() => world?.stop());

const api = (method: string, p: string, token: string, body?: unknown) => world.api(method, p, token, body);
const shell = (o: Partial<TerminalOptions> = {}) => world.shell(o);

describe('who may open a shell', () => {
  const refused = async (o: Parameters<typeof openTerminal>[1]) => {
    const t = openTerminal(server.url, o);
    const { code } = await t.closed;
    const error = t.controls.find((c) => c.type === 'error');
    return { code, error: error?.code as string | undefined, message: error?.message as string | undefined };
  };

  it('refuses a socket without a valid token', async () => {
    expect(await refused({ device: deviceId, firstFrame: '{"type":"auth"}' })).toMatchObject({ code: 4401, error: 'unauthorized' });
    expect(await refused({ device: deviceId, firstFrame: Buffer.from('binary') })).toMatchObject({ code: 4401, error: 'unauthorized' });
    expect(await refused({ device: deviceId, token: 'not.a.jwt' })).toMatchObject({ code: 4401, error: 'unauthorized' });
    const secret = fs.readFileSync(path.join(server.dataDir, 'jwt-secret'), 'utf8').trim();
    const adminId = (await api('GET', '/api/v1/me', admin)).body.id;
    const expired = jwt.sign({ role: 'admin' }, secret, { algorithm: 'HS256', subject: adminId, issuer: 'deskside', expiresIn: -60 });
    expect(await refused({ device: deviceId, token: expired })).toMatchObject({ code: 4401, error: 'token_expired' });
  });

  it('refuses employees, unknown, offline and bad device ids', async () => {
    expect(await refused({ device: deviceId, token: employee })).toMatchObject({ code: 4403, error: 'forbidden' });
    expect(await refused({ device: '00000000-0000-4000-8000-000000000000', token: admin })).toMatchObject({ code: 4404, error: 'not_found' });
    const { deviceId: offline } = await enrollAgent(server, admin);
    expect(await refused({ device: offline, token: admin })).toMatchObject({ code: 4409, error: 'device_offline' });
    const bad = await refused({ device: 'nope', token: admin });
    expect(bad).toMatchObject({ error: 'invalid_input' });
    expect(bad.message).toMatch(/device/);
  });

  it('lets a technician in only through an open ticket of the device that she took and did not open herself', async () => {
    expect(await refused({ device: deviceId, token: tech })).toMatchObject({ code: 4403, error: 'forbidden' });
    const ticket = (await api('POST', '/api/v1/tickets', admin, { summary: 'VPN drops', deviceId, requester: 'emma' })).body;
    // Unassigned: not until she takes it.
    expect(await refused({ device: deviceId, token: tech, ticket: ticket.id })).toMatchObject({ code: 4403, error: 'forbidden' });
    const other = (await api('GET', '/api/v1/users', admin)).body.find((u: any) => u.username === 'otto');
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, admin, { assigneeId: other.id });
    expect(await refused({ device: deviceId, token: tech, ticket: ticket.id })).toMatchObject({ code: 4403, error: 'forbidden' });
    expect(await refused({ device: deviceId, token: tech })).toMatchObject({ code: 4403, error: 'forbidden' });
    // Taking it is her own act, in the audit log; then she may, naming the ticket or not.
    expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, tech, { assigneeId: techId })).status).toBe(200);
    const took = (await api('GET', '/api/v1/audit?action=ticket.update', admin)).body.find((e: any) => e.target === String(ticket.id) && e.actor === 'tess');
    expect(took.details).toMatchObject({ assigneeId: techId });
    const t = await shell({ token: tech, ticket: ticket.id });
    t.control({ type: 'close' });
    await t.closed;
    const mine = await shell({ token: tech });
    mine.control({ type: 'close' });
    await mine.closed;
    // A ticket she opens herself about the PC, and takes, does not let her in.
    const selfMade = (await api('POST', '/api/v1/tickets', tech, { summary: 'Just checking', deviceId, requester: 'emma' })).body;
    await api('PATCH', `/api/v1/tickets/${selfMade.id}`, tech, { assigneeId: techId });
    expect(await refused({ device: deviceId, token: tech, ticket: selfMade.id })).toMatchObject({ code: 4403, error: 'forbidden' });
    await api('PATCH', `/api/v1/tickets/${selfMade.id}`, admin, { status: 'resolved' });
    // A ticket about another PC does not open this one.
    const elsewhere = (await api('POST', '/api/v1/tickets', admin, { summary: 'Other PC', requester: 'emma' })).body;
    expect(await refused({ device: deviceId, token: tech, ticket: elsewhere.id })).toMatchObject({ error: 'invalid_input' });

    const detail = (await api('GET', `/api/v1/tickets/${ticket.id}`, tech)).body;
    expect(detail.sessions.length).toBe(2);
    expect(detail.sessions[0]).toMatchObject({ ticketId: ticket.id, technician: { username: 'tess' }, state: 'ended' });
    expect(detail.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['session.start', 'session.end']));
    expect(detail.timeline.filter((e: any) => e.type.startsWith('session.')).map((e: any) => e.actor)).toEqual(['tess', 'tess', 'tess', 'tess']);
    // The requester sees the ticket, not the session list.
    const own = (await api('GET', `/api/v1/tickets/${ticket.id}`, employee)).body;
    expect(own.sessions).toEqual([]);
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, admin, { status: 'resolved' });
  });

  it('limits sessions per technician and per device', async () => {
    const limited = await startTestServer({ DESKSIDE_SESSIONS_PER_DEVICE: '2', DESKSIDE_SESSIONS_PER_TECHNICIAN: '1' });
    try {
      const token = await limited.api.login();
      await limited.api.request('POST', '/api/v1/users', { token, body: { username: 'ada', role: 'admin', password: 'password-123' } });
      await limited.api.request('POST', '/api/v1/users', { token, body: { username: 'max', role: 'admin', password: 'password-123' } });
      const { deviceId: id, agent: a } = await onlineAgent(limited, token);
      await limited.api.request('PATCH', `/api/v1/devices/${id}`, { token, body: { consent: 'unattended' } });
      const first = openTerminal(limited.url, { token, device: id });
      await first.waitControl('ready');
      const again = openTerminal(limited.url, { token, device: id });
      expect((await again.closed).code).toBe(4429);
      expect(again.controls[0]).toMatchObject({ type: 'error', code: 'session_limit', message: expect.stringMatching(/you already have 1/) });
      const ada = openTerminal(limited.url, { token: await limited.api.login('ada', 'password-123'), device: id });
      await ada.waitControl('ready');
      const max = openTerminal(limited.url, { token: await limited.api.login('max', 'password-123'), device: id });
      expect((await max.closed).code).toBe(4429);
      expect(max.controls[0]).toMatchObject({ code: 'session_limit', message: expect.stringMatching(/already has 2/) });
      first.ws.close();
      ada.ws.close();
      await a.stop();
    } finally {
      await limited.stop();
    }
  });

  it("serves a recording to admins, the session's technician and its ticket's assignee only", async () => {
    const otto = await server.api.login('otto', 'password-123');
    const ottoId = (await api('GET', '/api/v1/me', otto)).body.id;
    const ticket = (await api('POST', '/api/v1/tickets', admin, { summary: 'Slow logon', requester: 'emma', deviceId })).body;
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, admin, { assigneeId: ottoId });
    const t = await shell({ ticket: ticket.id });
    t.type('exit\r');
    const { sessionId } = await t.waitControl('exit');
    const s = await waitFor('the session ended', async () => {
      const r = await api('GET', `/api/v1/sessions/${sessionId}`, admin);
      return r.body.state === 'ended' && r.body.recording ? r.body : null;
    });
    expect((await api('GET', s.recording.url, otto)).status).toBe(200);
    expect((await api('GET', s.recording.url, tech)).status).toBe(403);
    expect((await api('GET', s.recording.url, employee)).status).toBe(403);
    expect((await api('GET', s.recording.url, admin)).status).toBe(200);
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, admin, { status: 'resolved' });
    expect((await api('GET', '/api/v1/sessions/00000000-0000-4000-8000-000000000000/recording', admin)).status).toBe(404);
    expect((await api('GET', '/api/v1/sessions/nope', admin)).status).toBe(400);
  });
});
