import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawJson, rawRequest } from '../helpers/http.js';
import { enrollDevice } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
// Debian's prometheus package; .ci/run installs it.
const PROMTOOL = '/usr/bin/promtool';
const METRICS_TOKEN = 'scrape-token-for-tests-0123456789';

beforeAll(async () => {
  server = await startTestServer({ DESKSIDE_METRICS_TOKEN: METRICS_TOKEN });
  admin = await server.api.login();
});
afterAll(() => server.stop());

const secret = () => fs.readFileSync(path.join(server.dataDir, 'jwt-secret'), 'utf8').trim();

describe('health, metrics and the API description', () => {
  it('answers /healthz', async () => {
    expect(await server.api.request('GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true } });
  });
  it('serves Prometheus metrics on loopback', async () => {
    const r = await server.api.request('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.body).toContain('deskside_agents_connected');
    expect(r.body).toContain('deskside_http_request_duration_seconds');
  });
  it('counts the help desk: open tickets by priority and SLA state, time to first response and to resolution', async () => {
    const metric = async (line: RegExp) => Number(line.exec((await server.api.request('GET', '/metrics')).body as string)?.[1] ?? NaN);
    const openHigh = /^deskside_tickets_open\{priority="high",sla_state="ok"\} (\d+)$/m;
    const responses = /^deskside_ticket_first_response_seconds_count\{priority="high"\} (\d+)$/m;
    const resolutions = /^deskside_ticket_resolution_seconds_count\{priority="high"\} (\d+)$/m;
    expect(await metric(/^deskside_tickets_open\{priority="low",sla_state="breached"\} (\d+)$/m)).toBe(0);
    expect(await metric(/^deskside_sla_breaches_total\{clock="response"\} (\d+)$/m)).toBe(0);
    const before = await metric(openHigh);
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'metrics-emp', role: 'employee', password: 'correct-horse-battery' } });
    const employee = await server.api.login('metrics-emp', 'correct-horse-battery');
    const id = (await server.api.request('POST', '/api/v1/tickets', { token: employee, body: { summary: 'Metrics ticket', priority: 'high' } })).body.id as number;
    expect(await metric(openHigh)).toBe(before + 1);
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'On it.', internal: true } });
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'On it.' } });
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'Still on it.' } });
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { status: 'resolved' } });
    // One first response (not the note, not the second reply), one resolution, and the ticket no longer open.
    await expect.poll(() => metric(responses)).toBe(1);
    await expect.poll(() => metric(resolutions)).toBe(1);
    expect(await metric(openHigh)).toBe(before);
  });
  it('pages and filters the audit log on the server, names its targets, and exports it as CSV', async () => {
    const user = (await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'audit-dora', role: 'technician', password: 'correct-horse-battery' } })).body;
    await server.api.request('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { role: 'employee' } });
    const page = await server.api.request('GET', '/api/v1/audit?q=audit-dora&limit=1', { token: admin });
    expect(page.status).toBe(200);
    expect(Number(page.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    const changed = await server.api.request('GET', '/api/v1/audit?action=user.update&q=AUDIT-DORA', { token: admin });
    expect(changed.body[0]).toMatchObject({ action: 'user.update', actor: 'admin', target: 'audit-dora', targetName: null });
    // A PC is named by its hostname, not its id.
    const device = await enrollDevice(server, admin, 'audit-pc-7');
    const enrolled = await server.api.request('GET', `/api/v1/audit?action=device.enroll&q=${device.deviceId}`, { token: admin });
    expect(enrolled.body[0]).toMatchObject({ target: device.deviceId, targetName: 'audit-pc-7' });
    const all = await server.api.request('GET', '/api/v1/audit?limit=2', { token: admin });
    const total = Number(all.headers.get('x-total-count'));
    const second = await server.api.request('GET', '/api/v1/audit?limit=2&offset=2', { token: admin });
    expect(second.body.map((e: { id: number }) => e.id).every((id: number) => id < all.body[1].id)).toBe(true);
    expect(Number(second.headers.get('x-total-count'))).toBe(total);
    const today = new Date().toISOString().slice(0, 10);
    expect(Number((await server.api.request('GET', `/api/v1/audit?from=2020-01-01&to=2020-12-31`, { token: admin })).headers.get('x-total-count'))).toBe(0);
    expect(Number((await server.api.request('GET', `/api/v1/audit?from=${today}&to=${today}`, { token: admin })).headers.get('x-total-count'))).toBe(total);
    const csv = await fetch(`${server.url}/api/v1/audit.csv?q=audit-dora`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"at","actor","action","target","target_name","details"');
    expect(lines.some((l) => l.includes('"user.update"') && l.includes('"audit-dora"'))).toBe(true);
    for (const bad of ['offset=-1', 'from=soon', 'limit=0']) expect((await server.api.request('GET', `/api/v1/audit?${bad}`, { token: admin })).status, bad).toBe(400);
    expect((await server.api.request('GET', '/api/v1/audit.csv', { token: await server.api.login('audit-dora', 'correct-horse-battery') })).status).toBe(403);
  });
  it.runIf(fs.existsSync(PROMTOOL) || process.env.CI)('passes promtool check metrics', async () => {
    const text = (await server.api.request('GET', '/metrics')).body as string;
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });
  it('refuses /metrics to a page that reached the server by another host name (DNS rebinding)', async () => {
    const rebound = await rawRequest(server.port, 'GET', '/metrics', Buffer.alloc(0), { Host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, 'localhost']) {
      expect((await rawRequest(server.port, 'GET', '/metrics', Buffer.alloc(0), { Host: host })).status, host).toBe(200);
    }
  });
  it('serves /metrics to a scraper with DESKSIDE_METRICS_TOKEN, whatever its host name, and refuses a wrong token', async () => {
    const get = (token: string) => rawRequest(server.port, 'GET', '/metrics', Buffer.alloc(0), { Host: 'deskside.example.com', Authorization: `Bearer ${token}` });
    const ok = await get(METRICS_TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('deskside_agents_connected');
    expect((await get('not-the-scrape-token-000000')).status).toBe(401);
  });
  it('describes every mounted route in /api/v1/openapi.json', async () => {
    const doc = (await server.api.request('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const { createApp } = await import('../../server/app.js');
    const { loadConfig } = await import('../../server/env.js');
    const { routes } = createApp({ config: loadConfig({}) } as never);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    const mounted = routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(mounted.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual(mounted.sort());
    expect(doc.paths['/api/v1/devices/{id}'].patch.requestBody).toBeDefined();
    // What a client must handle beyond the common errors, and the paging header.
    expect(doc.paths['/api/v1/tickets/{id}'].patch.responses['409'].description).toMatch(/status change/);
    expect(doc.paths['/api/v1/users'].post.responses['409']).toBeDefined();
    expect(doc.paths['/api/v1/tickets'].post.responses['413']).toBeDefined();
    expect(doc.paths['/api/v1/tickets/{id}/attachments'].post.requestBody.content['application/octet-stream'].schema).toMatchObject({ format: 'binary', maxLength: 10 * 1024 * 1024 });
    expect(doc.paths['/api/v1/tickets'].get.responses['200'].headers['X-Total-Count'].schema).toEqual({ type: 'integer' });
    expect(doc.paths['/api/v1/devices'].get.responses['200'].headers['X-Total-Count']).toBeDefined();
  });
});

describe('authentication', () => {
  it('signs in and returns the user', async () => {
    const r = await server.api.request('GET', '/api/v1/me', { token: admin });
    expect(r).toMatchObject({ status: 200, body: { username: 'admin', role: 'admin' } });
    expect(JSON.stringify(r.body)).not.toContain('scrypt');
  });
  it('refuses a wrong password with 401, recording the real peer address, not a forged X-Forwarded-For', async () => {
    const r = await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-one' }, headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const failed = (await server.api.request('GET', '/api/v1/audit?action=user.login_failed', { token: admin })).body;
    expect(failed[0].details.address).toBe('127.0.0.1');
  });
  it('refuses requests without a token', async () => {
    expect(await server.api.request('GET', '/api/v1/me')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });
  it('refuses a tampered token', async () => {
    const [h, p, s] = admin.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin', sub: 'someone' })).toString('base64url')}.${s}`;
    expect((await server.api.request('GET', '/api/v1/me', { token: forged })).status).toBe(401);
  });
  it('refuses alg "none"', async () => {
    const payload = JSON.parse(Buffer.from(admin.split('.')[1]!, 'base64url').toString());
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    expect((await server.api.request('GET', '/api/v1/me', { token: none })).status).toBe(401);
  });
  it('refuses a correctly signed token that never expires', async () => {
    const sub = JSON.parse(Buffer.from(admin.split('.')[1]!, 'base64url').toString()).sub;
    const forever = jwt.sign({ role: 'admin' }, secret(), { algorithm: 'HS256', subject: sub, issuer: 'deskside' });
    expect(JSON.parse(Buffer.from(forever.split('.')[1]!, 'base64url').toString()).exp).toBeUndefined();
    expect(await server.api.request('GET', '/api/v1/me', { token: forever })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });
  it('refuses an expired token with token_expired', async () => {
    const sub = JSON.parse(Buffer.from(admin.split('.')[1]!, 'base64url').toString()).sub;
    const expired = jwt.sign({ role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, secret(), { algorithm: 'HS256', subject: sub, issuer: 'deskside' });
    expect(await server.api.request('GET', '/api/v1/me', { token: expired })).toMatchObject({ status: 401, body: { error: { code: 'token_expired' } } });
  });
});

describe('input validation and errors', () => {
  it('rejects malformed JSON', async () => {
    const r = await server.api.request('POST', '/api/v1/auth/login', { raw: '{"username":' });
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });
  it('names a missing field', async () => {
    const r = await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'admin' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('body.password');
  });
  it('names a field of the wrong type', async () => {
    const r = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: { uses: 'many' } });
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(r.body.error.message).toContain('body.uses');
  });
  it('answers unknown routes with a JSON 404', async () => {
    expect(await server.api.request('GET', '/api/v1/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
  it('rejects an over-large body with 413', async () => {
    const r = await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y'.repeat(300_000) } });
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });
  it('answers a 5 MB body sent in one write with 413, whatever its type, instead of a reset', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x61);
    const cases: [string, string, Record<string, string>][] = [
      ['POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }],
      ['POST', '/api/v1/auth/login', { 'Content-Type': 'text/plain' }],
      ['POST', '/api/v1/tickets', { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${admin}` }],
      ['PATCH', '/api/v1/devices/00000000-0000-4000-8000-000000000000', { Authorization: `Bearer ${admin}` }],
      ['POST', '/api/v1/nothing-here', { 'Content-Type': 'text/plain' }],
    ];
    for (const [method, p, headers] of cases) {
      const reply = await rawRequest(server.port, method, p, body, headers);
      expect({ what: `${method} ${p} ${headers['Content-Type'] ?? ''}`, status: reply.status, error: reply.error }).toEqual({
        what: `${method} ${p} ${headers['Content-Type'] ?? ''}`,
        status: 413,
        error: null,
      });
      expect(rawJson(reply)).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining('too large') } });
    }
    // The server is fine afterwards.
    expect((await server.api.request('GET', '/healthz')).status).toBe(200);
  });
  it('refuses a body of another type than JSON with 400 after reading it', async () => {
    const reply = await rawRequest(server.port, 'POST', '/api/v1/auth/login', Buffer.from('username=admin'), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(reply).toMatchObject({ status: 400, error: null });
    expect(rawJson(reply)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('application/json') } });
  });
  it('sends X-Content-Type-Options: nosniff on every reply', async () => {
    const replies = await Promise.all([
      server.api.request('GET', '/healthz'),
      server.api.request('GET', '/api/v1/me', { token: admin }),
      server.api.request('GET', '/api/v1/me'),
      server.api.request('GET', '/api/v1/nothing-here'),
      server.api.request('POST', '/api/v1/auth/login', { raw: '{' }),
      server.api.request('GET', '/api/v1/openapi.json'),
      server.api.request('GET', '/metrics'),
      server.api.request('GET', '/console/'),
    ]);
    for (const r of replies) expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('validates path parameters', async () => {
    const r = await server.api.request('GET', '/api/v1/devices/not-a-uuid', { token: admin });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('params.id');
  });
});

describe('roles', () => {
  let employee: string;
  let technician: string;
  beforeAll(async () => {
    for (const [username, role] of [['erin', 'employee'], ['tom', 'technician']] as const) {
      const r = await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'password-123' } });
      expect(r.status).toBe(201);
    }
    employee = await server.api.login('erin', 'password-123');
    technician = await server.api.login('tom', 'password-123');
  });
  it('keeps employees out of the device list', async () => {
    expect(await server.api.request('GET', '/api/v1/devices', { token: employee })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });
  it('lets technicians list devices but not create enrollment tokens', async () => {
    expect((await server.api.request('GET', '/api/v1/devices', { token: technician })).status).toBe(200);
    expect((await server.api.request('POST', '/api/v1/enrollment-tokens', { token: technician, body: {} })).status).toBe(403);
  });
  it('refuses a duplicate username with 409', async () => {
    const r = await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'erin', role: 'employee', password: 'password-123' } });
    expect(r).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });
});

describe('enrollment tokens', () => {
  const enroll = (token: string) =>
    server.api.request('POST', '/api/v1/enroll', { body: { token, hostname: 'pc-1', platform: 'linux', agentVersion: '0.1.0' } });

  it('is used up after its uses', async () => {
    const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: { uses: 1, expires: '1h' } });
    expect(t).toMatchObject({ status: 201, body: { uses: 1, serverUrl: server.url } });
    const first = await enroll(t.body.token);
    expect(first.status).toBe(201);
    expect(first.body.deviceSecret).toMatch(/^dsd_/);
    expect(await enroll(t.body.token)).toMatchObject({ status: 401, body: { error: { code: 'enrollment_token_used_up' } } });
  });
  it('refuses an unknown token', async () => {
    expect(await enroll('dse_nonsense')).toMatchObject({ status: 401, body: { error: { code: 'enrollment_token_invalid' } } });
  });
  it('lists tokens without their values and audits their creation', async () => {
    const list = await server.api.request('GET', '/api/v1/enrollment-tokens', { token: admin });
    expect(list.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/dse_|token_hash|tokenHash/);
    const audit = await server.api.request('GET', '/api/v1/audit?action=enrollment_token.create', { token: admin });
    expect(audit.body[0]).toMatchObject({ actor: 'admin', action: 'enrollment_token.create' });
  });
  // Last in this file: it leaves this address throttled for failed enrollments.
  it('lets a whole fleet enroll from one address and throttles only failed attempts', async () => {
    const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: { uses: 200 } });
    for (let i = 0; i < 150; i++) expect((await enroll(t.body.token)).status).toBe(201);
    let failures = 0;
    let last = await enroll('dse_nonsense');
    while (last.status === 401 && failures < 200) {
      failures += 1;
      last = await enroll('dse_nonsense');
    }
    expect(last).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(failures).toBeLessThanOrEqual(120);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
