import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tia: string;
let otto: string;
let emma: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  for (const [username, role] of [['tia', 'technician'], ['otto', 'technician'], ['emma', 'employee']]) {
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'password-123' } });
  }
  tia = await server.api.login('tia', 'password-123');
  otto = await server.api.login('otto', 'password-123');
  emma = await server.api.login('emma', 'password-123');
});
afterAll(() => server.stop());

const api = (method: string, p: string, token: string, body?: unknown) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
const names = async (token: string, kind = 'inventory') => ((await api('GET', `/api/v1/saved-filters?kind=${kind}`, token)).body as { name: string }[]).map((f) => f.name);

describe('saved filters', () => {
  it('keeps a technician’s filters on the server, replaces one saved again under its name, and drops paging', async () => {
    const saved = await api('POST', '/api/v1/saved-filters', tia, { kind: 'inventory', name: 'OpenSSL 3.0', query: 'software=openssl&softwareVersion=3.0.x&offset=50' });
    expect(saved).toMatchObject({ status: 200, body: { kind: 'inventory', name: 'OpenSSL 3.0', query: 'software=openssl&softwareVersion=3.0.x', shared: false, owner: 'tia', mine: true } });
    const again = await api('POST', '/api/v1/saved-filters', tia, { kind: 'inventory', name: 'OpenSSL 3.0', query: 'software=openssl&softwareVersion=%3E%3D3.0+%3C3.1' });
    expect(again.body).toMatchObject({ id: saved.body.id, query: 'software=openssl&softwareVersion=%3E%3D3.0+%3C3.1' });
    expect(await names(tia)).toEqual(['OpenSSL 3.0']);
    // Another technician does not see a private filter, nor can delete it.
    expect(await names(otto)).toEqual([]);
    expect((await api('DELETE', `/api/v1/saved-filters/${saved.body.id}`, otto)).status).toBe(404);
    // Each list has its own.
    expect(await names(tia, 'queue')).toEqual([]);
  });

  it('shares a filter with the team; only its owner or an admin deletes it', async () => {
    const shared = (await api('POST', '/api/v1/saved-filters', otto, { kind: 'queue', name: 'Breached and mine', query: 'status=active&slaState=breached&assignee=me', shared: true })).body;
    expect((await api('GET', '/api/v1/saved-filters?kind=queue', tia)).body).toEqual([{ ...shared, mine: false }]);
    expect(await api('DELETE', `/api/v1/saved-filters/${shared.id}`, tia)).toMatchObject({ status: 403, body: { error: { message: 'only otto or an admin deletes this shared filter' } } });
    // Tia keeps one of the same name of her own beside it.
    await api('POST', '/api/v1/saved-filters', tia, { kind: 'queue', name: 'Breached and mine', query: 'slaState=breached' });
    expect(await names(tia, 'queue')).toEqual(['Breached and mine', 'Breached and mine']);
    expect((await api('DELETE', `/api/v1/saved-filters/${shared.id}`, admin)).status).toBe(204);
    expect(await names(tia, 'queue')).toEqual(['Breached and mine']);
  });

  it('checks a saved query as the list would, and names what is wrong', async () => {
    const bad = (body: unknown) => api('POST', '/api/v1/saved-filters', tia, body);
    expect(await bad({ kind: 'inventory', name: 'x', query: 'softwareVersion=%3E%3D3+%3E%3D4' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'body.query.softwareVersion: give at most one lower bound (>= or >)' } },
    });
    expect((await bad({ kind: 'inventory', name: 'x', query: 'colour=red' })).body.error.message).toMatch(/^body\.query: "colour" is not a filter of the inventory \(one of: online, os, q/);
    expect((await bad({ kind: 'queue', name: 'x', query: 'priority=urgent' })).body.error.message).toContain('body.query.priority');
    expect((await bad({ kind: 'printers', name: 'x', query: '' })).body.error.message).toContain('body.kind');
    expect((await bad({ kind: 'queue', name: '  ', query: '' })).body.error.message).toBe('body.name: expected a name');
    expect((await bad({ kind: 'queue', name: 'x', query: 'q=a', extra: 1 })).status).toBe(400);
    expect((await api('GET', '/api/v1/saved-filters', tia)).status).toBe(400);
    expect((await api('GET', '/api/v1/saved-filters?kind=queue', emma)).status).toBe(403);
    expect(await names(tia)).toEqual(['OpenSSL 3.0']);
  });

  it('keeps at most 50 per person and list; a shared one outlives its owner’s account until an admin deletes it', async () => {
    const carl = await (async () => {
      await api('POST', '/api/v1/users', admin, { username: 'carl', role: 'technician', password: 'password-123' });
      return server.api.login('carl', 'password-123');
    })();
    for (let i = 0; i < 50; i++) expect((await api('POST', '/api/v1/saved-filters', carl, { kind: 'inventory', name: `f${i}`, query: `q=${i}`, shared: i === 0 })).status).toBe(200);
    expect(await api('POST', '/api/v1/saved-filters', carl, { kind: 'inventory', name: 'one more', query: 'q=x' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    // Saving again under a name kept is a replacement, not one more.
    expect((await api('POST', '/api/v1/saved-filters', carl, { kind: 'inventory', name: 'f1', query: 'q=y' })).status).toBe(200);
    expect(await names(tia)).toContain('f0');
    const users = (await api('GET', '/api/v1/users', admin)).body as { id: string; username: string }[];
    expect((await api('DELETE', `/api/v1/users/${users.find((u) => u.username === 'carl')!.id}`, admin)).status).toBe(204);
    const f0 = ((await api('GET', '/api/v1/saved-filters?kind=inventory', admin)).body as { id: number; name: string; mine: boolean }[]).find((f) => f.name === 'f0')!;
    expect(f0.mine).toBe(true);
    expect((await api('DELETE', `/api/v1/saved-filters/${f0.id}`, admin)).status).toBe(204);
    expect(await names(tia)).toEqual(['OpenSSL 3.0']);
  });
});
