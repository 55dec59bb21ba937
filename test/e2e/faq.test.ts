import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  const articles = [
    { title: 'My disk is full', body: 'Empty the **Downloads** folder and the recycle bin.', category: 'Storage', findings: ['disk_full'] },
    { title: 'Printer prints blank pages', body: 'Replace the toner cartridge.', category: 'Printing' },
    { title: 'VPN keeps disconnecting', body: 'Switch from Wi-Fi to a cable, then reconnect the VPN client.', category: 'Network' },
  ];
  for (const body of articles) expect((await server.api.request('POST', '/api/v1/faq', { token: admin, body })).status).toBe(201);
});
afterAll(() => server.stop());

const search = (q: string) => server.api.request('GET', `/api/v1/faq?q=${encodeURIComponent(q)}`);

describe('FAQ', () => {
  it('finds articles by words as they are typed, without signing in', async () => {
    expect((await search('print')).body.map((a: { title: string }) => a.title)).toEqual(['Printer prints blank pages']);
    expect((await search('disconnecting vpn')).body[0].title).toBe('VPN keeps disconnecting');
    expect((await search('zebra')).body).toEqual([]);
  });
  it('treats search operators as plain words', async () => {
    for (const q of ['"', 'NEAR(', 'disk OR', '* - ^', 'title:x']) {
      const r = await search(q);
      expect(r.status, q).toBe(200);
    }
  });
  it('filters by category and by finding', async () => {
    const byCategory = await server.api.request('GET', '/api/v1/faq?category=Network');
    expect(byCategory.body).toHaveLength(1);
    const byFinding = await server.api.request('GET', '/api/v1/faq?finding=disk_full');
    expect(byFinding.body.map((a: { title: string }) => a.title)).toEqual(['My disk is full']);
  });
  it('counts views and "this solved it"', async () => {
    const id = (await search('toner')).body[0].id;
    await server.api.request('GET', `/api/v1/faq/${id}`);
    const solved = await server.api.request('POST', `/api/v1/faq/${id}/solved`);
    expect(solved.body).toMatchObject({ views: 1, solved: 1 });
    expect((await server.api.request('POST', '/api/v1/faq/99999/solved')).status).toBe(404);
  });
  it('is edited only by admins and reindexed on edit', async () => {
    const id = (await search('toner')).body[0].id;
    expect((await server.api.request('PATCH', `/api/v1/faq/${id}`, { body: { title: 'x' } })).status).toBe(401);
    const r = await server.api.request('PATCH', `/api/v1/faq/${id}`, { token: admin, body: { body: 'Shake the cartridge gently.' } });
    expect(r.status).toBe(200);
    expect((await search('toner')).body).toEqual([]);
    expect((await search('shake')).body[0].id).toBe(id);
    expect((await server.api.request('DELETE', `/api/v1/faq/${id}`, { token: admin })).status).toBe(204);
    expect((await search('shake')).body).toEqual([]);
    expect((await server.api.request('DELETE', `/api/v1/faq/${id}`, { token: admin })).status).toBe(404);
  });
  it('serves a public FAQ page with search, escaping what authors write', async () => {
    await server.api.request('POST', '/api/v1/faq', { token: admin, body: { title: 'Script <script>alert(1)</script>', body: '<img src=x onerror=alert(1)>', category: 'Security' } });
    const page = await fetch(`${server.url}/faq`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('My disk is full');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    const searched = await (await fetch(`${server.url}/faq?q=vpn`)).text();
    expect(searched).toContain('VPN keeps disconnecting');
    expect(searched).not.toContain('My disk is full');
  });

  it('rejects bad articles naming the field', async () => {
    const r = await server.api.request('POST', '/api/v1/faq', { token: admin, body: { title: 'ok title', body: '', findings: ['Disk Full!'] } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/body\.(body|findings)/);
  });

  it('suggests few and right articles for a request being typed, and none for an unrelated one', async () => {
    const suggest = async (q: string, limit?: number) => {
      const r = await server.api.request('GET', `/api/v1/faq/suggestions?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
      expect(r.status, q).toBe(200);
      return r.body.map((a: { title: string }) => a.title) as string[];
    };
    const wifi = await server.api.request('POST', '/api/v1/faq', { token: admin, body: { title: 'Wi-Fi drops in meeting rooms', body: 'Join the "corp" network, not "guest".', category: 'Network' } });
    expect(await suggest('wifi keeps dropping')).toEqual(['Wi-Fi drops in meeting rooms']);
    expect(await suggest('WI-FI')).toContain('Wi-Fi drops in meeting rooms');
    expect(await suggest('my disk is full')).toEqual(['My disk is full']);
    expect(await suggest('disconn')).toEqual(['VPN keeps disconnecting']);
    for (const unrelated of ['my chair is broken', 'parking permit', 'it does not work on my pc', 'my', '']) expect(await suggest(unrelated), unrelated).toEqual([]);
    // An edit is suggested from at once, and a deleted article no more.
    await server.api.request('PATCH', `/api/v1/faq/${wifi.body.id}`, { token: admin, body: { title: 'Wireless drops in meeting rooms' } });
    expect(await suggest('wireless drops')).toEqual(['Wireless drops in meeting rooms']);
    await server.api.request('DELETE', `/api/v1/faq/${wifi.body.id}`, { token: admin });
    expect(await suggest('wireless drops')).toEqual([]);
    for (const bad of ['limit=0&q=x', 'limit=11&q=x', 'limit=3']) {
      const r = await server.api.request('GET', `/api/v1/faq/suggestions?${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
    }
  });
});
