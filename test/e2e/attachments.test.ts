import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;
let emma: string;
let otto: string;

// Images are told by their bytes: the first bytes of a PNG are enough for the server.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);

beforeAll(async () => {
  server = await startTestServer({ DESKSIDE_ATTACHMENT_MAX_MB: '1' });
  admin = await server.api.login();
  for (const [username, role] of [['tia', 'technician'], ['emma', 'employee'], ['otto', 'employee']]) {
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'password-123' } });
  }
  tech = await server.api.login('tia', 'password-123');
  emma = await server.api.login('emma', 'password-123');
  otto = await server.api.login('otto', 'password-123');
});
afterAll(() => server.stop());

const upload = (ticketId: number, filename: string | null, body: Buffer, token: string | null, type = 'application/octet-stream') =>
  fetch(`${server.url}/api/v1/tickets/${ticketId}/attachments${filename === null ? '' : `?filename=${encodeURIComponent(filename)}`}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
const detail = async (id: number, token = tech) => (await server.api.request('GET', `/api/v1/tickets/${id}`, { token })).body;
const newTicket = async (summary: string) => (await server.api.request('POST', '/api/v1/tickets', { token: emma, body: { summary } })).body as { id: number };

describe('attachments on tickets', () => {
  it('the requester attaches a screenshot: typed from its bytes, listed, downloadable, on the timeline and in the audit log', async () => {
    const t = await newTicket('Error dialog on start');
    const res = await upload(t.id, 'C:\\Users\\emma\\Desktop\\dialog.png', PNG, emma);
    expect(res.status).toBe(201);
    const a = (await res.json()) as any;
    expect(a).toMatchObject({ filename: 'dialog.png', contentType: 'image/png', size: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex'), commentId: null });

    const d = await detail(t.id);
    expect(d.attachments).toEqual([a]);
    expect(d.timeline.find((e: { type: string }) => e.type === 'attachment')).toMatchObject({ actor: 'emma', data: { attachmentId: a.id, filename: 'dialog.png', size: PNG.length } });
    const file = await fetch(`${server.url}/api/v1/tickets/${t.id}/attachments/${a.id}`, { headers: { authorization: `Bearer ${tech}` } });
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    const audit = (await server.api.request('GET', '/api/v1/audit?action=ticket.attachment', { token: admin })).body;
    expect(audit[0]).toMatchObject({ actor: 'emma', target: String(t.id), details: { filename: 'dialog.png', sha256: a.sha256 } });
  });

  it('a technician attaches a log; any body type is kept as bytes, a JSON file included', async () => {
    const t = await newTicket('Sync fails');
    const log = Buffer.from('2026-12-02 10:00:01 sync: error 0x80070005 access denied\n'.repeat(100));
    expect(await (await upload(t.id, 'sync.log', log, tech, 'text/x-log')).json()).toMatchObject({ contentType: 'text/plain; charset=utf-8', size: log.length });
    const json = Buffer.from('{"not": "parsed"');
    expect(await (await upload(t.id, 'settings.json', json, tech, 'application/json')).json()).toMatchObject({ filename: 'settings.json', size: json.length });
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe]);
    expect(await (await upload(t.id, 'logs.zip', zip, tech)).json()).toMatchObject({ contentType: 'application/octet-stream' });
    expect((await detail(t.id, emma)).attachments.map((x: { filename: string }) => x.filename)).toEqual(['sync.log', 'settings.json', 'logs.zip']);
  });

  it('a file that calls itself an image but is markup is kept as text and served as a download', async () => {
    const t = await newTicket('Strange picture');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    const a = (await (await upload(t.id, 'photo.png', svg, emma, 'image/png')).json()) as any;
    expect(a.contentType).toBe('text/plain; charset=utf-8');
    const file = await fetch(`${server.url}/api/v1/tickets/${t.id}/attachments/${a.id}`, { headers: { authorization: `Bearer ${emma}` } });
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('refuses strangers, missing names, empty and oversized files, and keeps what was stored', async () => {
    const t = await newTicket('Printer offline');
    expect((await upload(t.id, 'a.txt', Buffer.from('hi'), emma)).status).toBe(201);
    expect((await upload(t.id, 'a.txt', Buffer.from('hi'), null)).status).toBe(401);
    const stranger = await upload(t.id, 'a.txt', Buffer.from('hi'), otto);
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect((await upload(999_999, 'a.txt', Buffer.from('hi'), tech)).status).toBe(404);

    const noName = await upload(t.id, null, Buffer.from('hi'), emma);
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as any).error.message).toContain('query.filename');
    expect(await (await upload(t.id, '../', Buffer.from('hi'), emma)).json()).toMatchObject({ error: { code: 'invalid_input', message: 'filename: expected a file name' } });
    expect(await (await upload(t.id, 'empty.log', Buffer.alloc(0), emma)).json()).toMatchObject({ error: { message: 'body: the file is empty' } });

    const big = await upload(t.id, 'dump.bin', Buffer.alloc(1024 * 1024 + 1, 1), emma);
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: { code: 'payload_too_large', message: 'request body is too large (at most 1 MB)' } });
    // Exactly at the cap is kept.
    expect((await upload(t.id, 'dump.bin', Buffer.alloc(1024 * 1024, 1), emma)).status).toBe(201);

    expect((await detail(t.id)).attachments.map((x: { filename: string }) => x.filename)).toEqual(['a.txt', 'dump.bin']);
  });

  it('other routes keep their own small body limit', async () => {
    const res = await server.api.request('POST', '/api/v1/tickets', { token: emma, body: { summary: 'x', details: 'y'.repeat(300_000) } });
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large', message: 'request body is too large (at most 256 KB)' } } });
    expect((await server.api.request('GET', '/api/v1/tickets', { token: emma })).status).toBe(200);
  });
});
