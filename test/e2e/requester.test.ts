import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollDevice } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;
let alice: string;
let aliceId: string;
let bob: string;

const call = (method: string, path: string, token: string, body?: unknown) => server.api.request(method, path, { token, ...(body !== undefined ? { body } : {}) });

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  const user = async (username: string, role: string, email?: string) =>
    (await call('POST', '/api/v1/users', admin, { username, role, password: 'correct-horse-battery', ...(email ? { email } : {}) })).body.id as string;
  await user('tina', 'technician');
  aliceId = await user('alice', 'employee', 'alice@example.com');
  await user('bob', 'employee');
  tech = await server.api.login('tina', 'correct-horse-battery');
  alice = await server.api.login('alice', 'correct-horse-battery');
  bob = await server.api.login('bob', 'correct-horse-battery');
});
afterAll(() => server?.stop());

describe('a ticket taken by phone, for someone', () => {
  it('finds people by name, email or phone, with their PCs; employees cannot search', async () => {
    const d = await enrollDevice(server, admin, 'alice-laptop');
    await call('POST', `/api/v1/devices/${d.deviceId}/users`, admin, { username: 'alice' });
    const found = (await call('GET', '/api/v1/people?q=ALICE@example', tech)).body;
    expect(found).toEqual([expect.objectContaining({ username: 'alice', email: 'alice@example.com', contact: false, devices: [{ id: d.deviceId, hostname: 'alice-laptop' }] })]);
    expect((await call('GET', '/api/v1/people?q=', tech)).status).toBe(400);
    expect((await call('GET', '/api/v1/people?q=alice&limit=500', tech)).status).toBe(400);
    expect((await call('GET', '/api/v1/people?q=alice', alice)).status).toBe(403);
  });

  it('adds a caller as a contact, refusing bad numbers, no way to reach them, and a known address', async () => {
    const bad = await call('POST', '/api/v1/contacts', tech, { name: 'Paul Caller', phone: 'call me maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('phone');
    expect((await call('POST', '/api/v1/contacts', tech, { name: 'Nobody' })).body.error.message).toContain('email address or a phone number');
    const known = await call('POST', '/api/v1/contacts', tech, { name: 'Alice again', email: 'ALICE@example.com' });
    expect(known.status).toBe(409);
    expect(known.body.error.message).toContain('"alice"');
    const paul = await call('POST', '/api/v1/contacts', tech, { name: 'Paul Caller', phone: '+1 (555) 010-2030' });
    expect(paul.status).toBe(201);
    expect(paul.body).toMatchObject({ name: 'Paul Caller', phone: '+1 (555) 010-2030', contact: true, email: null, devices: [] });
    expect((await call('GET', '/api/v1/people?q=555) 010', tech)).body.map((p: { id: string }) => p.id)).toEqual([paul.body.id]);
    // A contact cannot sign in.
    expect((await server.api.request('POST', '/api/v1/auth/login', { body: { username: paul.body.username, password: '!' } })).status).toBe(401);
    const audit = (await call('GET', '/api/v1/audit?action=contact.create', admin)).body;
    expect(audit[0]).toMatchObject({ actor: 'tina', target: paul.body.id });

    const t = await call('POST', '/api/v1/tickets', tech, { summary: 'Cannot log in to payroll', requester: paul.body.username, channel: 'phone', priority: 'high' });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ channel: 'phone', requester: { username: paul.body.username } });
    const report = (await call('GET', `/api/v1/reports/sla?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, tech)).body;
    expect(report.byChannel.phone.open).toBe(1);
    expect(Object.keys(report.byChannel).sort()).toEqual(['agent', 'alert', 'email', 'phone', 'walk-in', 'web']);
  });
});

describe('the requester’s verdict', () => {
  const openResolved = async (summary: string) => {
    const id = (await call('POST', '/api/v1/tickets', alice, { summary })).body.id as number;
    await call('PATCH', `/api/v1/tickets/${id}`, tech, { assigneeId: (await call('GET', '/api/v1/me', tech)).body.id });
    return id;
  };
  const status = async (id: number) => (await call('GET', `/api/v1/tickets/${id}`, tech)).body.status as string;

  it('confirms a fix (closed) or says it is not (reopened with why), only on a resolved ticket, only as the requester', async () => {
    const id = await openResolved('Printer offline');
    const early = await call('POST', `/api/v1/tickets/${id}/confirm`, alice, { fixed: true });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('only a resolved ticket');
    await call('PATCH', `/api/v1/tickets/${id}`, tech, { status: 'resolved' });
    expect((await call('POST', `/api/v1/tickets/${id}/confirm`, tech, { fixed: true })).status).toBe(403);
    expect((await call('POST', `/api/v1/tickets/${id}/confirm`, bob, { fixed: true })).status).toBe(404);
    const noWhy = await call('POST', `/api/v1/tickets/${id}/confirm`, alice, { fixed: false });
    expect(noWhy.status).toBe(400);
    expect(noWhy.body.error.message).toContain('body.comment');
    const reopened = await call('POST', `/api/v1/tickets/${id}/confirm`, alice, { fixed: false, comment: 'Still offline after the restart.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
    const detail = (await call('GET', `/api/v1/tickets/${id}`, tech)).body;
    expect(detail.comments.at(-1)).toMatchObject({ body: 'Still offline after the restart.', author: { username: 'alice' } });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('confirmed');
    // An assignment names the technician, beside the id it stores.
    expect(detail.timeline.find((e: { type: string }) => e.type === 'assignee').data).toMatchObject({ from: null, toName: 'tina' });

    await call('PATCH', `/api/v1/tickets/${id}`, tech, { status: 'resolved' });
    expect((await call('POST', `/api/v1/tickets/${id}/confirm`, alice, { fixed: true })).body.status).toBe('closed');
    expect(await status(id)).toBe('closed');
    expect((await call('POST', `/api/v1/tickets/${id}/confirm`, alice, { fixed: true })).status).toBe(409);
  });

  it('takes one rating from the requester once the ticket is resolved, and reports satisfaction by technician and priority', async () => {
    const id = await openResolved('Headset broken');
    expect((await call('POST', `/api/v1/tickets/${id}/rating`, alice, { score: 5 })).status).toBe(409);
    await call('PATCH', `/api/v1/tickets/${id}`, tech, { status: 'resolved' });
    for (const score of [0, 6, 4.5, '5']) {
      const r = await call('POST', `/api/v1/tickets/${id}/rating`, alice, { score });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain('body.score');
    }
    expect((await call('POST', `/api/v1/tickets/${id}/rating`, tech, { score: 5 })).status).toBe(403);
    const rated = await call('POST', `/api/v1/tickets/${id}/rating`, alice, { score: 4, comment: 'Quick, thanks' });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ score: 4, comment: 'Quick, thanks' });
    expect((await call('POST', `/api/v1/tickets/${id}/rating`, alice, { score: 1 })).status).toBe(409);
    expect((await call('GET', `/api/v1/tickets/${id}`, alice)).body.rating).toMatchObject({ score: 4, comment: 'Quick, thanks' });

    const other = await openResolved('Webcam blurry');
    await call('PATCH', `/api/v1/tickets/${other}`, tech, { status: 'resolved', priority: 'high' });
    await call('POST', `/api/v1/tickets/${other}/confirm`, alice, { fixed: true });
    expect((await call('POST', `/api/v1/tickets/${other}/rating`, alice, { score: 1 })).status).toBe(201);
    const report = (await call('GET', `/api/v1/reports/sla?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, tech)).body;
    expect(report.satisfaction.total).toEqual({ ratings: 2, average: 2.5 });
    expect(report.satisfaction.byTechnician).toContainEqual({ technician: 'tina', ratings: 2, average: 2.5 });
    expect(report.satisfaction.byPriority.high).toEqual({ ratings: 1, average: 1 });
    expect(report.satisfaction.byPriority.normal).toEqual({ ratings: 1, average: 4 });
    expect(report.satisfaction.byPriority.low).toEqual({ ratings: 0, average: null });
    expect(aliceId).toBeTruthy();
  });
});

describe('canned replies', () => {
  it('are kept by admins, read by technicians, and refused when titles repeat or the list is too long', async () => {
    const list = [
      { title: 'Restart first', body: 'Please restart the PC and tell us if it **still** happens.' },
      { title: 'Password reset', body: 'Reset it at https://password.example.com.' },
    ];
    expect((await call('PUT', '/api/v1/canned-replies', admin, list)).status).toBe(200);
    expect((await call('GET', '/api/v1/canned-replies', tech)).body).toEqual(list);
    expect((await call('GET', '/api/v1/canned-replies', alice)).status).toBe(403);
    expect((await call('PUT', '/api/v1/canned-replies', tech, list)).status).toBe(403);
    const twice = await call('PUT', '/api/v1/canned-replies', admin, [...list, { title: 'restart FIRST', body: 'x' }]);
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('same title');
    const many = Array.from({ length: 201 }, (_, i) => ({ title: `r${i}`, body: 'x' }));
    expect((await call('PUT', '/api/v1/canned-replies', admin, many)).status).toBe(400);
    expect((await call('PUT', '/api/v1/canned-replies', admin, [{ title: '', body: 'x' }])).status).toBe(400);
    expect((await call('GET', '/api/v1/canned-replies', tech)).body).toEqual(list);
  });
});

describe('the queue', () => {
  it('lists the active tickets (new, open, waiting) a page at a time, with the total', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call('POST', '/api/v1/tickets', bob, { summary: `Queue paging ${i}` })).body.id);
    await call('PATCH', `/api/v1/tickets/${ids[0]}`, tech, { status: 'resolved' });
    await call('PATCH', `/api/v1/tickets/${ids[1]}`, tech, { status: 'waiting' });
    const active = await call('GET', '/api/v1/tickets?status=active&q=Queue%20paging', tech);
    expect(active.body.map((t: { id: number }) => t.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(active.headers.get('x-total-count')).toBe('2');
    const page = await call('GET', '/api/v1/tickets?status=active&q=Queue%20paging&limit=1&offset=1', tech);
    expect(page.body).toHaveLength(1);
    expect(page.headers.get('x-total-count')).toBe('2');
    const bad = await call('GET', '/api/v1/tickets?status=everything', tech);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.status');
  });
});

