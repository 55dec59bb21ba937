import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type AgentProcess } from '../helpers/agent.js';
import { onlineAgent, unattendedAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { transferEnded } from '../helpers/transfers.js';

/** File transfer with a real server and a real agent (the built programs) on this machine. */
let server: TestServer;
let admin: string;
let tech: string;
let device: string;
let home: string;
let agent: AgentProcess;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-files-'));
fs.chmodSync(dir, 0o755);

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const q = (p: string, extra: Record<string, string> = {}) => new URLSearchParams({ path: p, ...extra }).toString();
function api(method: string, p: string, token = admin, body?: unknown) {
  return server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
}
const get = (p: string, token = admin, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
const put = (p: string, body: Buffer | string, token = admin) =>
  fetch(`${server.url}${p}`, { method: 'PUT', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } });

const recorded = (id: string) => transferEnded(server, admin, id);

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await api('POST', '/api/v1/users', admin, { username: 'tia', role: 'technician', password: 'password-123' });
  tech = await server.api.login('tia', 'password-123');
  ({ deviceId: device, agent, home } = await unattendedAgent(server, admin));
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('browsing a PC', () => {
  it('lists a folder, folders first, with sizes and dates, and says when nothing is at a path', async () => {
    fs.mkdirSync(path.join(dir, 'list/zeta'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'list/alpha.txt'), 'abc');
    fs.symlinkSync('/etc', path.join(dir, 'list/etc-link'));
    const r = await api('GET', `/api/v1/devices/${device}/files?${q(path.join(dir, 'list'))}`);
    expect(r.status).toBe(200);
    expect(r.body.entries.map((e: { name: string }) => e.name)).toEqual(['etc-link', 'zeta', 'alpha.txt']);
    expect(r.body.entries[2]).toMatchObject({ type: 'file', size: 3, mtime: expect.stringMatching(/^\d{4}-/) });
    expect(r.body.entries[0]).toMatchObject({ type: 'dir', target: '/etc' });
    expect(r.body.user).toBe(os.userInfo().username);
    const none = await api('GET', `/api/v1/devices/${device}/files/stat?${q(path.join(dir, 'nothing-here'))}`);
    expect(none.body).toMatchObject({ entry: null, partialBytes: 0 });
    const missing = await api('GET', `/api/v1/devices/${device}/files?${q(path.join(dir, 'nothing-here'))}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('no such file or folder');
  });

  it('refuses relative paths, ".." segments and NUL with a reason, before asking the PC', async () => {
    for (const [p, words] of [
      ['etc/passwd', 'must be absolute'],
      [`${dir}/../../etc/passwd`, '".." segments'],
      ['/tmp/a\0b', 'NUL'],
    ] as const) {
      const r = await api('GET', `/api/v1/devices/${device}/files/content?${q(p)}`);
      expect(r.status, p).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(words) });
    }
    expect((await api('GET', `/api/v1/devices/${device}/files?path=`)).status).toBe(400);
    expect((await api('GET', `/api/v1/devices/${device}/files/content?${q('/tmp', { archive: 'rar' })}`)).status).toBe(400);
  });

  it('follows the rule for shells: a technician needs a ticket of that PC assigned to them', async () => {
    const r = await api('GET', `/api/v1/devices/${device}/files?${q(dir)}`, tech);
    expect(r.status).toBe(403);
    const ticket = await api('POST', '/api/v1/tickets', admin, { summary: 'Logs needed', deviceId: device, requester: 'admin' });
    expect(ticket.status).toBe(201);
    const techId = (await api('GET', '/api/v1/users', admin)).body.find((u: { username: string }) => u.username === 'tia').id;
    expect((await api('PATCH', `/api/v1/tickets/${ticket.body.id}`, tech, { assigneeId: techId })).status).toBe(200);
    const ok = await api('GET', `/api/v1/devices/${device}/files?${q(dir, { ticket: String(ticket.body.id) })}`, tech);
    expect(ok.status).toBe(200);
  });
});

describe('downloads', () => {
  it('sends a file with its size, records its SHA-256, audits it, and resumes from a byte with Range', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 251;
    const file = path.join(dir, 'big.bin');
    fs.writeFileSync(file, data);
    const r = await get(`/api/v1/devices/${device}/files/content?${q(file)}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe(String(data.length));
    expect(r.headers.get('content-disposition')).toContain('filename="big.bin"');
    const body = Buffer.from(await r.arrayBuffer());
    expect(sha(body)).toBe(sha(data));
    const id = r.headers.get('x-deskside-transfer')!;
    const record = await recorded(id);
    expect(record).toMatchObject({ direction: 'download', path: file, size: data.length, bytes: data.length, sha256: sha(data), technician: 'admin' });
    const audit = await api('GET', `/api/v1/audit?action=file.download`);
    expect(audit.body).toEqual(expect.arrayContaining([expect.objectContaining({ details: expect.objectContaining({ transferId: id, sha256: sha(data), size: data.length }) })]));

    const from = 1_000_000;
    const rest = await get(`/api/v1/devices/${device}/files/content?${q(file)}`, admin, { range: `bytes=${from}-` });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes ${from}-${data.length - 1}/${data.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(data.subarray(from))).toBe(true);
    const resumed = await recorded(rest.headers.get('x-deskside-transfer')!);
    // The hash is of the whole file, also when only its end was sent.
    expect(resumed).toMatchObject({ offset: from, bytes: data.length - from, sha256: sha(data) });
    expect((await api('GET', `/api/v1/devices/${device}/files/content?${q(file)}`, admin)).status).toBe(200);
    expect((await get(`/api/v1/devices/${device}/files/content?${q(file)}`, admin, { range: 'bytes=0-10' })).status).toBe(400);
  });

  it('packs a folder as tar.gz or zip, storing a link to outside as a link, never what it points to', async () => {
    const folder = path.join(dir, 'logs');
    fs.mkdirSync(path.join(folder, 'deep/er'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'a.log'), 'first log\n');
    fs.writeFileSync(path.join(folder, 'deep/er/b.log'), 'second log\n'.repeat(1000));
    fs.writeFileSync(path.join(folder, `${'n'.repeat(120)}.log`), 'long name\n');
    fs.symlinkSync('/etc/passwd', path.join(folder, 'passwd-link'));
    for (const archive of ['tar.gz', 'zip'] as const) {
      const r = await get(`/api/v1/devices/${device}/files/content?${q(folder, { archive })}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-disposition')).toContain(`logs.${archive}`);
      const file = path.join(dir, `out.${archive}`);
      fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
      const to = fs.mkdtempSync(path.join(dir, 'x-'));
      if (archive === 'zip') execFileSync('unzip', ['-q', file, '-d', to]);
      else execFileSync('tar', ['xzf', file, '-C', to]);
      expect(fs.readFileSync(path.join(to, 'logs/deep/er/b.log'), 'utf8')).toBe('second log\n'.repeat(1000));
      expect(fs.readFileSync(path.join(to, `logs/${'n'.repeat(120)}.log`), 'utf8')).toBe('long name\n');
      if (archive === 'tar.gz') expect(fs.readlinkSync(path.join(to, 'logs/passwd-link'))).toBe('/etc/passwd');
      else expect(execFileSync('unzip', ['-p', file, 'logs/passwd-link'], { encoding: 'utf8' })).toBe('/etc/passwd');
      const record = await recorded(r.headers.get('x-deskside-transfer')!);
      expect(record).toMatchObject({ archive, state: 'done', sha256: sha(fs.readFileSync(file)) });
    }
    const plain = await api('GET', `/api/v1/devices/${device}/files/content?${q(folder)}`);
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toContain('is a folder');
  });

  it('sends a file that grows meanwhile as it was when the download started', async () => {
    const file = path.join(dir, 'growing.log');
    const first = Buffer.alloc(32 * 1024 * 1024, 'a');
    fs.writeFileSync(file, first);
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${server.url}/api/v1/devices/${device}/files/content?${q(file)}`, { headers: { authorization: `Bearer ${admin}` } }, resolve),
    );
    res.pause();
    // The PC reads at most a window ahead of this reader, so most of the file is still unread.
    await new Promise((r) => setTimeout(r, 300));
    fs.appendFileSync(file, Buffer.alloc(1024 * 1024, 'b'));
    const hash = createHash('sha256');
    let n = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      hash.update(chunk);
      n += chunk.length;
    }
    expect(n).toBe(first.length);
    expect(hash.digest('hex')).toBe(sha(first));
  });
});

describe('uploads', () => {
  it('writes a file that is whole and has the announced SHA-256, replacing one there with its permissions kept', async () => {
    const target = path.join(dir, 'fix.sh');
    fs.writeFileSync(target, 'old');
    fs.chmodSync(target, 0o750);
    const body = Buffer.from('#!/bin/sh\necho fixed\n');
    const r = await put(`/api/v1/devices/${device}/files/content?${q(target, { size: String(body.length), sha256: sha(body) })}`, body);
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ direction: 'upload', state: 'done', bytes: body.length, sha256: sha(body) });
    expect(fs.readFileSync(target).equals(body)).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o750);
    const audit = (await api('GET', '/api/v1/audit?action=file.upload')).body;
    expect(JSON.stringify(audit)).toContain(sha(body));
  });

  it('keeps nothing when the SHA-256 differs, and refuses bad sizes and folders as targets', async () => {
    const target = path.join(dir, 'wrong.bin');
    const r = await put(`/api/v1/devices/${device}/files/content?${q(target, { size: '5', sha256: sha('other') })}`, 'abcde');
    expect(r.status).toBe(422);
    expect(((await r.json()) as any).error).toMatchObject({ code: 'checksum_mismatch' });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(`${target}.deskside-part`)).toBe(false);
    const short = await put(`/api/v1/devices/${device}/files/content?${q(target, { size: '10' })}`, 'abcde');
    expect(short.status).toBe(400);
    const huge = await put(`/api/v1/devices/${device}/files/content?${q(target, { size: String(5 * 1024 ** 4) })}`, 'x');
    expect(huge.status).toBe(413);
    const onFolder = await put(`/api/v1/devices/${device}/files/content?${q(dir, { size: '1' })}`, 'x');
    expect(onFolder.status).toBe(400);
    expect(((await onFolder.json()) as any).error.message).toContain('is a folder');
    const noFolder = await put(`/api/v1/devices/${device}/files/content?${q(path.join(dir, 'nope/x.txt'), { size: '1' })}`, 'x');
    expect(noFolder.status).toBe(404);
  });

  it('resumes an upload cut off midway from the bytes the PC kept', async () => {
    const target = path.join(dir, 'driver.bin');
    const data = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 13) % 256;
    // A client that sends half and goes away.
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.url}/api/v1/devices/${device}/files/content?${q(target, { size: String(data.length), sha256: sha(data) })}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-length': String(data.length) },
      });
      req.on('error', () => resolve());
      req.write(data.subarray(0, data.length / 2), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 500));
    });
    const kept = await waitFor('the partial upload kept', async () => {
      const s = (await api('GET', `/api/v1/devices/${device}/files/stat?${q(target)}`)).body;
      return s.partialBytes > 0 ? s.partialBytes : undefined;
    });
    expect(kept).toBeLessThanOrEqual(data.length / 2);
    expect(fs.existsSync(target)).toBe(false);
    const r = await put(`/api/v1/devices/${device}/files/content?${q(target, { size: String(data.length), offset: String(kept), sha256: sha(data) })}`, data.subarray(kept));
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ offset: kept, bytes: data.length - kept, sha256: sha(data) });
    expect(sha(fs.readFileSync(target))).toBe(sha(data));
    expect(fs.existsSync(`${target}.deskside-part`)).toBe(false);
    const wrongOffset = await put(`/api/v1/devices/${device}/files/content?${q(path.join(dir, 'never.bin'), { size: '10', offset: '5' })}`, 'abcde');
    expect(wrongOffset.status).toBe(400);
    expect(((await wrongOffset.json()) as any).error.message).toContain('nothing to resume');
  });

  it.skipIf(process.getuid?.() !== 0)('says the disk is full and removes what it wrote', async () => {
    const small = fs.mkdtempSync(path.join(dir, 'full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    try {
      const data = Buffer.alloc(3 * 1024 * 1024, 'z');
      const r = await put(`/api/v1/devices/${device}/files/content?${q(path.join(small, 'big.bin'), { size: String(data.length) })}`, data);
      expect(r.status).toBe(507);
      expect(((await r.json()) as any).error).toMatchObject({ code: 'disk_full', message: expect.stringContaining('the disk is full') });
      expect(fs.readdirSync(small)).toEqual([]);
      // The agent goes on working.
      expect((await api('GET', `/api/v1/devices/${device}/files?${q(small)}`)).status).toBe(200);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('lists the transfers of a PC, newest first', async () => {
    const r = await api('GET', `/api/v1/transfers?device=${device}&limit=2`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(2);
    expect(Number(r.headers.get('x-total-count'))).toBeGreaterThan(2);
    expect(r.body[0].startedAt >= r.body[1].startedAt).toBe(true);
    expect((await api('GET', '/api/v1/transfers/not-a-uuid')).status).toBe(400);
  });
});

describe('consent and confinement on the PC', () => {
  it('asks the person at a "prompt" PC once, then lets the same technician go on for a while', async () => {
    await api('PATCH', `/api/v1/devices/${device}`, admin, { consent: 'prompt' });
    try {
      const page = await waitFor('the Get-help page', () => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
      const onPage = (p: string, body?: unknown) =>
        fetch(new URL(p, page), body ? { method: 'POST', headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') }, body: JSON.stringify(body) } : {});
      const refused = api('GET', `/api/v1/devices/${device}/files?${q(dir)}`);
      let pending = await waitFor('the request on the page', async () => ((await (await onPage('/api/sessions')).json()) as { pending: { sessionId: string; kind: string }[] }).pending[0]);
      expect(pending.kind).toBe('files');
      await onPage('/api/sessions/answer', { sessionId: pending.sessionId, accept: false });
      expect((await refused).body.error).toMatchObject({ code: 'consent_denied' });
      const asked = api('GET', `/api/v1/devices/${device}/files?${q(dir)}`);
      pending = await waitFor('the request on the page', async () => ((await (await onPage('/api/sessions')).json()) as { pending: { sessionId: string; kind: string }[] }).pending[0]);
      await onPage('/api/sessions/answer', { sessionId: pending.sessionId, accept: true });
      expect((await asked).status).toBe(200);
      expect((await api('GET', `/api/v1/devices/${device}/files/stat?${q(dir)}`)).status).toBe(200);
    } finally {
      await api('PATCH', `/api/v1/devices/${device}`, admin, { consent: 'unattended' });
    }
  });

  it('confines transfers to DESKSIDE_FILE_ROOTS, a link pointing outside included', async () => {
    const root = fs.mkdtempSync(path.join(dir, 'root-'));
    fs.writeFileSync(path.join(root, 'inside.txt'), 'in');
    fs.symlinkSync('/etc/hostname', path.join(root, 'sneaky'));
    const other = await onlineAgent(server, admin, { DESKSIDE_FILE_ROOTS: root });
    try {
      await api('PATCH', `/api/v1/devices/${other.deviceId}`, admin, { consent: 'unattended' });
      const inside = await get(`/api/v1/devices/${other.deviceId}/files/content?${q(path.join(root, 'inside.txt'))}`);
      expect(await inside.text()).toBe('in');
      const link = await api('GET', `/api/v1/devices/${other.deviceId}/files/content?${q(path.join(root, 'sneaky'))}`);
      expect(link.status).toBe(403);
      expect(link.body.error.message).toMatch(/leads to \/etc\/hostname, which is outside the folders/);
      expect((await api('GET', `/api/v1/devices/${other.deviceId}/files?${q('/etc')}`)).status).toBe(403);
      const up = await put(`/api/v1/devices/${other.deviceId}/files/content?${q('/tmp/deskside-outside.txt', { size: '1' })}`, 'x');
      expect(up.status).toBe(403);
      expect(fs.existsSync('/tmp/deskside-outside.txt')).toBe(false);
    } finally {
      await other.agent.stop();
    }
  });

  it.skipIf(process.getuid?.() !== 0)('reads and writes as the account a shell runs as', async () => {
    const other = await onlineAgent(server, admin, { DESKSIDE_SHELL_USER: 'nobody' });
    try {
      await api('PATCH', `/api/v1/devices/${other.deviceId}`, admin, { consent: 'unattended' });
      const open = fs.mkdtempSync(path.join(dir, 'open-'));
      fs.chmodSync(open, 0o777);
      const up = await put(`/api/v1/devices/${other.deviceId}/files/content?${q(path.join(open, 'by-nobody.txt'), { size: '2' })}`, 'hi');
      expect(up.status).toBe(201);
      expect(fs.statSync(path.join(open, 'by-nobody.txt')).uid).toBe(Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })));
      const secret = path.join(dir, 'root-only.txt');
      fs.writeFileSync(secret, 'secret', { mode: 0o600 });
      const denied = await api('GET', `/api/v1/devices/${other.deviceId}/files/content?${q(secret)}`);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain('permission denied');
    } finally {
      await other.agent.stop();
    }
  });
});
