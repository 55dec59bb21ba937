import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { sampleInventory } from '../fixtures/inventory.js';
import { rawAgent, type Device, type RawAgent } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
const PASSWORD = 'correct-horse-battery';
const open: RawAgent[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
});
afterAll(async () => {
  for (const a of open) a.ws.close();
  await server.stop();
});

const api = (method: string, p: string, token: string, body?: unknown) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });

async function pc(hostname: string): Promise<{ a: RawAgent; d: Device }> {
  const r = await rawAgent(server, admin, true, hostname);
  open.push(r.a);
  return r;
}

/** A get-help request as the agent sends it, naming the OS user at the PC; its answer. */
async function help(a: RawAgent, osUser: string, summary = `Help for ${osUser}`): Promise<{ type: string; ticketId?: number; code?: string; message?: string }> {
  const requestId = randomUUID();
  a.send({ type: 'ticket.create', requestId, summary, details: '', urgency: 'normal', osUser, diagnostics: null });
  return a.answer(requestId);
}

/** The tickets the PC's Get-help page is shown (device credential). */
async function pcTickets(d: Device): Promise<{ id: number }[]> {
  const auth = `Basic ${Buffer.from(`${d.deviceId}:${d.deviceSecret}`).toString('base64')}`;
  return (await server.api.request('GET', '/api/v1/agent/tickets', { headers: { authorization: auth } })).body;
}

describe('a PC acts only for the people who use it', () => {
  it('creates at most 5 accounts an hour from one PC naming new OS users, and audits the refusals', async () => {
    const pcs = await Promise.all(['lab-1', 'lab-2'].map(pc));
    const answers = await Promise.all(pcs.map(async ({ a }) => {
      const out = [];
      for (let i = 0; i < 8; i++) out.push(await help(a, `intern${i}`));
      return out;
    }));
    for (const perPc of answers) {
      expect(perPc.slice(0, 5).map((m) => m.type)).toEqual(Array(5).fill('ticket.created'));
      expect(perPc.slice(5).map((m) => m.code)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
      expect(perPc[5]!.message).toContain('5 new accounts in the last hour');
    }
    const users = (await api('GET', '/api/v1/users', admin)).body.map((u: { username: string }) => u.username);
    expect(users.filter((u: string) => /^intern\d@lab-\d$/.test(u))).toHaveLength(10);
    const refused = (await api('GET', '/api/v1/audit?action=device.user_refused', admin)).body;
    expect(refused.length).toBe(6);
    expect(refused[0]).toMatchObject({ actor: expect.stringMatching(/^device:lab-\d$/), details: { why: 'new account cap' } });
    // The people it knows already still get help.
    expect((await help(pcs[0]!.a, 'intern0')).type).toBe('ticket.created');
  });

  it('never acts for a technician or admin, whatever the PC and its user are called', async () => {
    expect((await api('POST', '/api/v1/users', admin, { username: 'tech@corp', role: 'technician', password: PASSWORD })).status).toBe(201);
    const { a } = await pc('corp');
    const answer = await help(a, 'tech');
    expect(answer).toMatchObject({ type: 'error', code: 'forbidden', message: expect.stringContaining('not an employee account') });
    const tech = await server.api.login('tech@corp', PASSWORD);
    expect((await api('GET', '/api/v1/tickets', tech)).body.filter((t: any) => t.requester.username === 'tech@corp')).toEqual([]);
  });

  it('with "trust the PC\'s users" off, waits for an admin to confirm a new person', async () => {
    expect((await api('PUT', '/api/v1/settings/pc-users', admin, { trust: false })).body).toEqual({ trust: false });
    try {
      const { a, d } = await pc('desk-7');
      const first = await help(a, 'nora');
      expect(first).toMatchObject({ type: 'error', code: 'forbidden', message: expect.stringContaining('not yet confirmed') });
      const links = (await api('GET', `/api/v1/devices/${d.deviceId}/users`, admin)).body;
      expect(links).toEqual([expect.objectContaining({ username: 'nora@desk-7', confirmedAt: null })]);
      const confirmed = await api('POST', `/api/v1/devices/${d.deviceId}/users/${links[0].userId}/confirm`, admin);
      expect(confirmed.body).toMatchObject({ confirmedBy: 'admin', confirmedAt: expect.any(String) });
      expect((await api('POST', `/api/v1/devices/${d.deviceId}/users/${links[0].userId}/confirm`, admin)).status).toBe(409);
      expect((await help(a, 'nora')).type).toBe('ticket.created');
    } finally {
      await api('PUT', '/api/v1/settings/pc-users', admin, { trust: true });
    }
  });

  it('lists on a PC only the tickets of its own people; an employee names only a PC she uses', async () => {
    const { a, d } = await pc('desk-9');
    expect((await help(a, 'owen')).type).toBe('ticket.created');
    expect((await api('POST', '/api/v1/users', admin, { username: 'erin', role: 'employee', password: PASSWORD })).status).toBe(201);
    const erin = await server.api.login('erin', PASSWORD);
    // Erin does not use desk-9: her ticket cannot name it.
    expect(await api('POST', '/api/v1/tickets', erin, { summary: 'Not my PC', deviceId: d.deviceId })).toMatchObject({
      status: 403,
      body: { error: { message: expect.stringContaining('not a known user of that PC') } },
    });
    // A technician may open one for her about it; desk-9 does not show it until she uses desk-9.
    const forErin = (await api('POST', '/api/v1/tickets', admin, { summary: 'Erin on desk-9', requester: 'erin', deviceId: d.deviceId })).body;
    expect((await pcTickets(d)).map((t) => t.id)).not.toContain(forErin.id);
    const linked = await api('POST', `/api/v1/devices/${d.deviceId}/users`, admin, { username: 'erin' });
    expect(linked.status).toBe(201);
    expect((await pcTickets(d)).map((t) => t.id)).toContain(forErin.id);
    expect((await api('POST', '/api/v1/tickets', erin, { summary: 'Now it is mine', deviceId: d.deviceId })).status).toBe(201);
    // No longer her PC: its page no longer shows her tickets.
    await api('DELETE', `/api/v1/devices/${d.deviceId}/users/${linked.body.userId}`, admin);
    expect((await pcTickets(d)).map((t) => t.id)).not.toContain(forErin.id);
    expect(await api('POST', `/api/v1/devices/${d.deviceId}/users`, admin, { username: 'tech@corp' })).toMatchObject({ status: 400 });
  });

  it('takes the users its inventory reports as its likely people: known employees only, confirmed as the policy says', async () => {
    expect((await api('POST', '/api/v1/users', admin, { username: 'alice', role: 'employee', password: PASSWORD })).status).toBe(201);
    expect((await api('POST', '/api/v1/users', admin, { username: 'tom', role: 'technician', password: PASSWORD })).status).toBe(201);
    const report = (a: RawAgent) => {
      const document = sampleInventory({ users: ['alice', 'tom', 'nobody-known'].map((user) => ({ user, terminal: 'tty2', loginAt: null })) });
      a.send({ type: 'inventory', hash: inventoryHash(document), document });
      return a.next('inventory.ack');
    };
    await api('PUT', '/api/v1/settings/pc-users', admin, { trust: false });
    try {
      const { a, d } = await pc('desk-12');
      await report(a);
      const links = (await api('GET', `/api/v1/devices/${d.deviceId}/users`, admin)).body;
      expect(links).toEqual([expect.objectContaining({ username: 'alice', confirmedAt: null })]);
    } finally {
      await api('PUT', '/api/v1/settings/pc-users', admin, { trust: true });
    }
    const { a, d } = await pc('desk-13');
    await report(a);
    expect((await api('GET', `/api/v1/devices/${d.deviceId}/users`, admin)).body).toEqual([expect.objectContaining({ username: 'alice', confirmedBy: 'policy' })]);
    const audit = (await api('GET', '/api/v1/audit?action=device.user_link', admin)).body;
    expect(audit.find((e: any) => e.details.deviceId === d.deviceId)).toMatchObject({ target: 'alice', details: { source: 'inventory' } });
  });
});
