import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentProcess } from '../helpers/agent.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { transferEnded } from '../helpers/transfers.js';

/** Download links (POST …/files/link) with a real server and a real agent (the built programs). */
let server: TestServer;
let admin: string;
let device: string;
let agent: AgentProcess;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-links-'));
fs.chmodSync(dir, 0o755);

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
function api(method: string, p: string, token = admin, body?: unknown) {
  return server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
}

const recorded = (id: string) => transferEnded(server, admin, id);

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  ({ deviceId: device, agent } = await unattendedAgent(server, admin));
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('download links', () => {
  const content = Buffer.alloc(300_000, 'deskside link ');
  const file = path.join(dir, 'linked/report.txt');
  fs.mkdirSync(path.join(dir, 'linked'), { recursive: true });
  fs.writeFileSync(file, content);
  const link = (body: Record<string, unknown>, token = admin) => api('POST', `/api/v1/devices/${device}/files/link`, token, body);
  const tokenOf = (url: string) => url.slice('/api/v1/file-links/'.length);

  it("downloads a file or a packed folder through a short-lived link, without a session, as the link's user would", async () => {
    const made = await link({ path: file });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ url: expect.stringMatching(/^\/api\/v1\/file-links\/[\w.-]+$/), expiresAt: expect.any(String) });
    expect(Date.parse(made.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const res = await fetch(`${server.url}${made.body.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="report.txt"');
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(content));
    expect(await recorded(res.headers.get('x-deskside-transfer')!)).toMatchObject({ state: 'done', direction: 'download', sha256: sha(content) });

    const packed = await link({ path: path.join(dir, 'linked'), archive: 'zip' });
    const zip = await fetch(`${server.url}${packed.body.url}`);
    expect(zip.headers.get('content-disposition')).toContain('filename="linked.zip"');
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('is refused as a session, refuses a session token, a changed or expired link, and asks the rules of the PC first', async () => {
    const made = await link({ path: file });
    const token = tokenOf(made.body.url);
    expect((await api('GET', '/api/v1/me', token)).status).toBe(401);
    const asLink = async (t: string) => {
      const r = await fetch(`${server.url}/api/v1/file-links/${t}`);
      return { status: r.status, body: (await r.json()) as { error: { code: string; message: string } } };
    };
    expect(await asLink(admin)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: 'invalid download link' } } });
    const [head, payload, signature] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), q: { path: '/etc/shadow' } })).toString('base64url');
    expect((await asLink(`${head}.${other}.${signature}`)).status).toBe(401);
    // Signed with the server's own secret, three minutes ago: expired, and said so.
    const secret = fs.readFileSync(path.join(server.dataDir, 'jwt-secret'), 'utf8').trim();
    const me = (await api('GET', '/api/v1/me')).body;
    const old = jwt.sign({ ver: me.tokenVersion ?? 0, dev: device, q: { path: file }, iat: Math.floor(Date.now() / 1000) - 180 }, secret, { algorithm: 'HS256', subject: me.id, issuer: 'deskside-file-link', expiresIn: 60 });
    expect(await asLink(old)).toMatchObject({ status: 401, body: { error: { code: 'token_expired', message: expect.stringContaining('start the download again') } } });
    // Made only where the user could download: a technician needs a ticket of the PC.
    await api('POST', '/api/v1/users', admin, { username: 'tom', role: 'technician', password: 'password-123' });
    expect((await link({ path: file }, await server.api.login('tom', 'password-123'))).status).toBe(403);
    const bad = await link({ path: 'report.txt' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('must be absolute');
    expect((await link({ path: file, archive: 'rar' })).status).toBe(400);
  });

  it('stops working when its user is disabled', async () => {
    await api('POST', '/api/v1/users', admin, { username: 'ada', role: 'admin', password: 'password-123' });
    const ada = await server.api.login('ada', 'password-123');
    const made = await link({ path: file }, ada);
    expect(made.status).toBe(201);
    const id = (await api('GET', '/api/v1/users', admin)).body.find((u: { username: string }) => u.username === 'ada').id;
    expect((await api('PATCH', `/api/v1/users/${id}`, admin, { disabled: true })).status).toBe(200);
    const r = await fetch(`${server.url}${made.body.url}`);
    expect({ status: r.status, body: await r.json() }).toMatchObject({ status: 401, body: { error: { code: 'account_disabled' } } });
  });
});
