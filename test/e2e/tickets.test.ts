import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let employee: string;
let other: string;
let tech: string;
let techId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  for (const [username, role] of [['emma', 'employee'], ['otto', 'employee'], ['tess', 'technician']] as const) {
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'password-123' } });
  }
  employee = await server.api.login('emma', 'password-123');
  other = await server.api.login('otto', 'password-123');
  tech = await server.api.login('tess', 'password-123');
  techId = (await server.api.request('GET', '/api/v1/me', { token: tech })).body.id;
});
afterAll(() => server.stop());

const open = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  server.api.request('POST', '/api/v1/tickets', { token, body, headers });
const get = (token: string, id: number) => server.api.request('GET', `/api/v1/tickets/${id}`, { token });
const patch = (id: number, body: unknown) => server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: tech, body });
const reply = (token: string, id: number, body: unknown) => server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token, body });

describe('tickets', () => {
  it('opens a ticket with SLA due times', async () => {
    const r = await open(employee, { summary: 'Printer jams on every page', details: 'Tray 2', priority: 'high' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'new', priority: 'high', slaState: 'ok', requester: { username: 'emma' } });
    const created = Date.parse(r.body.createdAt);
    expect(Date.parse(r.body.responseDueAt) - created).toBe(60 * 60_000);
    expect(Date.parse(r.body.resolveDueAt) - created).toBe(8 * 60 * 60_000);
  });

  it('creates one ticket per idempotency key, however often it is resent', async () => {
    const headers = { 'Idempotency-Key': 'req-7f3a9c2e-0001' };
    const first = await open(employee, { summary: 'VPN drops hourly' }, headers);
    const again = await open(employee, { summary: 'VPN drops hourly' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const bad = await open(employee, { summary: 'x y z' }, { 'Idempotency-Key': 'no spaces allowed' });
    expect(bad.status).toBe(400);
  });

  it('scopes an idempotency key to its user: another account neither sees nor blocks that ticket', async () => {
    const headers = { 'Idempotency-Key': 'shared-key-0000001' };
    const emmas = await open(employee, { summary: 'Laptop fan is loud' }, headers);
    const others = await open(other, { summary: 'Keyboard missing keys' }, headers);
    expect(emmas.status).toBe(201);
    expect(others.status).toBe(201);
    expect(others.body.id).not.toBe(emmas.body.id);
    expect(others.body).toMatchObject({ summary: 'Keyboard missing keys', requester: { username: 'otto' } });
  });

  it('makes one ticket of eight concurrent sends with one key', async () => {
    const headers = { 'Idempotency-Key': 'concurrent-key-0001' };
    const replies = await Promise.all(Array.from({ length: 8 }, () => open(employee, { summary: 'Docking station dead' }, headers)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
  });

  it('shows employees only their own tickets', async () => {
    const mine = await open(other, { summary: 'Monitor flickers' });
    const list = await server.api.request('GET', '/api/v1/tickets', { token: employee });
    expect(list.body.every((t: { requester: { username: string } }) => t.requester.username === 'emma')).toBe(true);
    expect((await get(employee, mine.body.id)).status).toBe(404);
    expect((await get(tech, mine.body.id)).status).toBe(200);
    expect((await reply(employee, mine.body.id, { body: 'me too' })).status).toBe(404);
  });

  it('lets only technicians change a ticket or open one on behalf of someone', async () => {
    const t = await open(employee, { summary: 'Cannot print' });
    expect((await server.api.request('PATCH', `/api/v1/tickets/${t.body.id}`, { token: employee, body: { status: 'closed' } })).status).toBe(403);
    expect((await open(employee, { summary: 'For Otto', requester: 'otto' })).status).toBe(403);
    const onBehalf = await open(tech, { summary: 'Phoned in: no sound', requester: 'otto' });
    expect(onBehalf.body.requester.username).toBe('otto');
    expect((await open(tech, { summary: 'For a ghost', requester: 'nobody' })).body.error.message).toContain('body.requester');
  });

  it('follows the workflow: first response, waiting pauses, requester reply resumes, resolve, reopen', async () => {
    const { body: t } = await open(employee, { summary: 'Outlook will not start', priority: 'normal' });
    const first = await reply(tech, t.id, { body: 'Looking into it' });
    expect(first.status).toBe(201);
    let now = (await get(tech, t.id)).body;
    expect(now).toMatchObject({ status: 'open', responseDueAt: null });
    expect(now.firstResponseAt).toBeTruthy();

    expect((await patch(t.id, { status: 'waiting', assigneeId: techId })).body).toMatchObject({ status: 'waiting', slaState: 'paused', resolveDueAt: null, assignee: { username: 'tess' } });
    await reply(employee, t.id, { body: 'Here is the screenshot' });
    now = (await get(employee, t.id)).body;
    expect(now.status).toBe('open');
    expect(now.resolveDueAt).toBeTruthy();

    expect((await patch(t.id, { status: 'resolved' })).body).toMatchObject({ status: 'resolved', slaState: 'met' });
    await reply(employee, t.id, { body: 'It broke again' });
    expect((await get(employee, t.id)).body.status).toBe('open');

    await patch(t.id, { status: 'closed' });
    const refused = await patch(t.id, { status: 'open' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });

    const timeline = (await get(tech, t.id)).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['created', 'comment', 'first_response', 'status', 'assignee']));
  });

  it('keeps internal notes from the requester', async () => {
    const { body: t } = await open(employee, { summary: 'Laptop slow' });
    await reply(tech, t.id, { body: 'Probably the antivirus scan', internal: true });
    expect((await get(tech, t.id)).body.comments).toHaveLength(1);
    expect((await get(employee, t.id)).body.comments).toHaveLength(0);
    expect((await reply(employee, t.id, { body: 'secret', internal: true })).status).toBe(403);
    // An internal note is not a first response.
    expect((await get(tech, t.id)).body.firstResponseAt).toBeNull();
  });

  it('filters and sorts the queue by SLA due', async () => {
    await open(employee, { summary: 'Critical: payroll down', priority: 'critical' });
    const list = await server.api.request('GET', '/api/v1/tickets?status=new', { token: tech });
    const dues = list.body.map((t: { responseDueAt: string }) => t.responseDueAt);
    expect(dues).toEqual([...dues].sort());
    expect(list.body[0].priority).toBe('critical');
    expect(Number(list.headers.get('x-total-count'))).toBe(list.body.length);
    const text = await server.api.request('GET', '/api/v1/tickets?q=PAYROLL', { token: tech });
    expect(text.body.map((t: { summary: string }) => t.summary)).toEqual(['Critical: payroll down']);
    const paused = await server.api.request('GET', '/api/v1/tickets?slaState=ok&priority=critical', { token: tech });
    expect(paused.body).toHaveLength(1);
    const unassigned = await server.api.request('GET', '/api/v1/tickets?assignee=none&status=new', { token: tech });
    expect(unassigned.body.length).toBe(list.body.length);
    const nobody = await server.api.request('GET', '/api/v1/tickets?assignee=nobody-here', { token: tech });
    expect(nobody).toMatchObject({ status: 200, body: [] });
  });

  it('rejects bad input naming the field', async () => {
    const r = await open(employee, { summary: 'ok summary', priority: 'urgent' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('body.priority');
    expect((await open(employee, { summary: 'x'.repeat(500) })).body.error.message).toContain('body.summary');
    expect((await get(tech, 0)).status).toBe(400);
    expect((await get(tech, 999_999)).status).toBe(404);
    expect((await patch(1, {})).status).toBe(400);
  });
});
