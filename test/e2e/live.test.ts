import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openEvents, type EventStream, type SseEvent } from '../helpers/sse.js';

let server: TestServer;
let admin: string;
let tech: string;
let techId: string;
let alice: string;
let aliceId: string;
let bob: string;
const streams: EventStream[] = [];

const events = async (token?: string) => {
  const s = await openEvents(`${server.url}/api/v1/events`, token);
  streams.push(s);
  if (s.status === 200) await s.next((e) => e.event === 'hello');
  return s;
};
const about = (id: number, change: string) => (e: SseEvent) => e.event === 'ticket' && e.data.ticketId === id && e.data.change === change;
const ticketEvents = (s: EventStream) => s.events.filter((e) => e.event === 'ticket').map((e) => `${e.data.ticketId}:${e.data.change}`);

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  const user = async (username: string, role: string) =>
    (await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'correct-horse-battery' } })).body.id as string;
  techId = await user('tina', 'technician');
  aliceId = await user('alice', 'employee');
  await user('bob', 'employee');
  tech = await server.api.login('tina', 'correct-horse-battery');
  alice = await server.api.login('alice', 'correct-horse-battery');
  bob = await server.api.login('bob', 'correct-horse-battery');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await server?.stop();
});

describe('live ticket events (GET /api/v1/events)', () => {
  it('refuses a stream without a valid session, in the usual error shape', async () => {
    const none = await fetch(`${server.url}/api/v1/events`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const forged = await fetch(`${server.url}/api/v1/events`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
  });

  it('tells technicians of every change, and a requester of their own tickets only, never of an internal note', async () => {
    const [t, a, b] = [await events(tech), await events(alice), await events(bob)];
    const opened = await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Laptop fan is loud' } });
    const id = opened.body.id as number;
    const created = await t.next(about(id, 'created'));
    expect(created.data).toMatchObject({ requesterId: aliceId, assigneeId: null, status: 'new', actorId: aliceId });
    await a.next(about(id, 'created'));

    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Probably dust. Checking stock.', internal: true } });
    expect((await t.next(about(id, 'comment'))).data.internal).toBe(true);
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: tech, body: { priority: 'high', assigneeId: techId } });
    await t.next(about(id, 'priority'));
    expect((await t.next(about(id, 'assigned'))).data.assigneeId).toBe(techId);
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Bring it to room 2.' } });
    const reply = await a.next((e) => about(id, 'comment')(e) && e.data.internal === false);
    expect(reply.data).toMatchObject({ actorId: techId, status: 'open' });

    // Bob's own ticket reaches him after all of the above: by then he would have heard of Alice's.
    const own = (await server.api.request('POST', '/api/v1/tickets', { token: bob, body: { summary: 'Mouse double-clicks' } })).body.id as number;
    await b.next(about(own, 'created'));
    await a.next((e) => e.event === 'ticket' && e.data.change === 'status' && e.data.ticketId === id);
    expect(ticketEvents(b)).toEqual([`${own}:created`]);
    // Alice heard of her ticket's creation, its assignment, the public reply and the status it moved to; not of the note or the priority.
    expect(ticketEvents(a).filter((e) => e.startsWith(`${id}:`)).sort()).toEqual([`${id}:assigned`, `${id}:comment`, `${id}:created`, `${id}:status`]);
    expect(ticketEvents(t)).toEqual(expect.arrayContaining([`${own}:created`, `${id}:comment`, `${id}:priority`, `${id}:assigned`, `${id}:status`]));
  });

  it('refuses a reply written against a version of the ticket that changed since, until sent anyway', async () => {
    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'VPN drops hourly' } })).body.id as number;
    const seen = (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: tech })).body.updatedAt as string;
    // Another technician answers first.
    await new Promise((r) => setTimeout(r, 5));
    expect((await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'Known issue, fix tonight.' } })).status).toBe(201);
    const late = await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Reinstall the client.', basedOn: seen } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ticket_changed');
    expect(late.body.error.message).toContain(`#${id} changed`);
    const now = (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: tech })).body;
    expect(now.comments).toHaveLength(1);
    expect((await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Reinstall the client.', basedOn: now.updatedAt } })).status).toBe(201);
    expect((await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Done.', basedOn: 42 } })).status).toBe(400);
  });

  it('counts the tickets that want attention for the tab title', async () => {
    const before = (await server.api.request('GET', '/api/v1/tickets/attention', { token: tech })).body;
    expect(before.total).toBeGreaterThanOrEqual(Math.max(before.new, before.breached));
    expect(before.total).toBeLessThanOrEqual(before.new + before.breached);
    await server.api.request('POST', '/api/v1/tickets', { token: bob, body: { summary: 'Monitor flickers' } });
    const after = (await server.api.request('GET', '/api/v1/tickets/attention', { token: tech })).body;
    expect(after.new).toBe(before.new + 1);
    expect(after.total).toBe(before.total + 1);
    expect((await server.api.request('GET', '/api/v1/tickets/attention', { token: alice })).status).toBe(403);
  });

  it('ends the stream of a user whose access is taken away', async () => {
    const a = await events(alice);
    await server.api.request('PATCH', `/api/v1/users/${aliceId}`, { token: admin, body: { disabled: true } });
    await a.ended;
    expect(a.events.at(-1)).toEqual({ event: 'end', data: { reason: 'access changed' } });
    expect((await openEvents(`${server.url}/api/v1/events`, alice)).status).toBe(401);
    await server.api.request('PATCH', `/api/v1/users/${aliceId}`, { token: admin, body: { disabled: false } });
  });
});

describe('news on the PC: the Get-help page and a desktop notification', () => {
  let home: string;
  let agent: AgentProcess;
  let notified: string;
  const notifications = () => (fs.existsSync(notified) ? fs.readFileSync(notified, 'utf8').split('\n').filter(Boolean) : []);

  beforeAll(async () => {
    // A stand-in for notify-send that writes down what it was asked to show, one line per call.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-notify-'));
    notified = path.join(bin, 'shown.log');
    fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s|' "$@" | tr '\\n' ' ' >> '${notified}'\necho >> '${notified}'\n`, { mode: 0o755 });
    const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
    home = newAgentHome();
    expect((await agentCli(home, ['enroll', '--server', server.url, '--token', t.body.token])).code).toBe(0);
    agent = runAgent(home, { DESKSIDE_GETHELP_PORT: '0', DISPLAY: ':99', PATH: `${bin}:${process.env.PATH}` });
    await waitFor('agent connected', async () => (await agentCli(home, ['status'])).code === 0);
  });
  afterAll(async () => {
    await agent?.stop();
  });

  it('tells the person at the PC of a reply and a status change, once each, and never of an internal note', async () => {
    const page = await waitFor('the page URL', () => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
    const pageEvents = await openEvents(new URL('/api/events', page).toString());
    streams.push(pageEvents);
    const r = await agentCli(home, ['help', 'Outlook asks for my password']);
    const id = Number(/Ticket #(\d+) opened/.exec(r.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Checking the mailbox settings.', internal: true } });
    // The first public reply also moves the ticket from new to open: one notification tells of both.
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: tech, body: { body: 'Please sign out and in again.' } });
    await pageEvents.next((e) => e.event === 'ticket' && e.data.ticketId === id);
    await waitFor('the reply notified', () => notifications().length >= 1);
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: tech, body: { status: 'waiting' } });
    await waitFor('the status notified', () => notifications().length >= 2);
    // Nothing else comes: the internal note told nobody at the PC, and the reply was told once.
    await new Promise((r) => setTimeout(r, 2500));
    const shown = notifications();
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain(`IT support replied on request #${id}|`);
    expect(shown[0]).toContain('Outlook asks for my password');
    expect(shown[0]).toContain(`Open ${page} to read it.`);
    expect(shown[1]).toContain(`IT support is waiting for your answer on request #${id}|`);
    expect(shown.join('\n')).not.toContain('mailbox settings');
    // The page heard of the ticket each time and reads it again through the agent.
    expect(pageEvents.events.filter((e) => e.event === 'ticket').every((e) => e.data.ticketId === id)).toBe(true);
    expect(agent.output()).toContain('told the person at the PC of news on their ticket');
  });

  it('says nothing at the PC of what its person did themselves', async () => {
    const page = JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string;
    const before = notifications().length;
    const r = await agentCli(home, ['help', 'Printer out of toner']);
    const id = Number(/Ticket #(\d+) opened/.exec(r.stdout)?.[1]);
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: tech, body: { status: 'waiting' } });
    await waitFor('the question notified', () => notifications().length === before + 1);
    // The person answers on the Get-help page: their reply reopens the ticket, which is no news to them.
    const answer = await fetch(new URL(`/api/tickets/${id}/comments`, page), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') },
      body: JSON.stringify({ body: 'It is the one on floor 2.' }),
    });
    expect(answer.status).toBe(201);
    expect((await server.api.request('GET', `/api/v1/tickets/${id}`, { token: tech })).body.status).toBe('open');
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: tech, body: { status: 'resolved' } });
    await waitFor('the resolution notified', () => notifications().length === before + 2);
    expect(notifications().at(-1)).toContain(`Your request #${id} is resolved|`);
  });
});
