import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123' } });
  tech = await server.api.login('tia', 'password-123');
});
afterAll(() => server.stop());

const api = (method: string, p: string, body?: unknown, token = admin) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the script library', () => {
  it('admins add, change and delete scripts; technicians read them; the audit log names each version by its hash', async () => {
    const body = 'df -h /\n';
    const created = await api('POST', '/api/v1/scripts', { name: 'Disk use', shell: 'bash', body, description: 'How full is the root volume' });
    expect(created).toMatchObject({ status: 201, body: { name: 'Disk use', shell: 'bash', timeoutSeconds: 300, sha256: sha(body), updatedBy: 'admin' } });
    expect((await api('GET', '/api/v1/scripts', undefined, tech)).body.map((s: { name: string }) => s.name)).toEqual(['Disk use']);
    expect((await api('GET', `/api/v1/scripts/${created.body.id}`, undefined, tech)).body.body).toBe(body);

    const next = 'Get-PSDrive C\r\n';
    const changed = await api('PUT', `/api/v1/scripts/${created.body.id}`, { name: 'Disk use', shell: 'powershell', body: next, timeoutSeconds: 60 });
    expect(changed.body).toMatchObject({ shell: 'powershell', timeoutSeconds: 60, sha256: sha(next), description: '' });
    const audit = (await api('GET', '/api/v1/audit?q=script.')).body as { action: string; details: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'script.update')?.details).toMatchObject({ sha256: sha(next), previousSha256: sha(body) });

    expect((await api('DELETE', `/api/v1/scripts/${created.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/scripts/${created.body.id}`, undefined, tech)).status).toBe(404);
    expect((await api('GET', '/api/v1/audit?action=script.delete')).body[0].details).toMatchObject({ name: 'Disk use', sha256: sha(next) });
  });

  it('refuses what would not run, a name taken, and technicians writing', async () => {
    await api('POST', '/api/v1/scripts', { name: 'Flush DNS', shell: 'cmd', body: 'ipconfig /flushdns' });
    const bad = (b: unknown) => api('POST', '/api/v1/scripts', b);
    expect((await bad({ name: 'x', shell: 'zsh', body: 'ls' })).body.error.message).toContain('body.shell');
    expect((await bad({ name: 'x', shell: 'sh', body: '' })).body.error.message).toBe('body.body: expected the script');
    expect((await bad({ name: 'x', shell: 'sh', body: 'ls', timeoutSeconds: 0 })).body.error.message).toContain('body.timeoutSeconds');
    expect((await bad({ name: 'x', shell: 'sh', body: 'x'.repeat(100_001) })).status).toBe(400);
    expect(await bad({ name: 'Flush DNS', shell: 'sh', body: 'ls' })).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'body.name: a script named "Flush DNS" exists already' } } });
    expect((await api('POST', '/api/v1/scripts', { name: 'y', shell: 'sh', body: 'ls' }, tech)).status).toBe(403);
    expect((await api('PUT', '/api/v1/scripts/9999', { name: 'y', shell: 'sh', body: 'ls' })).status).toBe(404);
    expect((await api('GET', '/api/v1/scripts/abc', undefined, tech)).status).toBe(400);
    expect((await api('GET', '/api/v1/scripts', undefined, tech)).body.map((s: { name: string }) => s.name)).toEqual(['Flush DNS']);
  });
});
