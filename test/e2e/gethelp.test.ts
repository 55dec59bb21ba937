import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { rawRequest } from '../helpers/http.js';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let home: string;
let agent: AgentProcess;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
  home = newAgentHome();
  expect((await agentCli(home, ['enroll', '--server', server.url, '--token', t.body.token])).code).toBe(0);
  agent = runAgent(home, { DESKSIDE_GETHELP_PORT: '0' });
  await waitFor('agent connected', async () => (await agentCli(home, ['status'])).code === 0);
});
afterAll(async () => {
  await agent.stop();
  await server.stop();
});

const ticketsNamed = async (summary: string) =>
  (await server.api.request('GET', `/api/v1/tickets?q=${encodeURIComponent(summary)}`, { token: admin })).body as { id: number; summary: string }[];

describe('deskside-agent help', () => {
  it('opens a ticket with diagnostics and findings through the running agent', async () => {
    const r = await agentCli(home, ['help', 'Printer jams on every page', '--details', 'Tray 2', '--urgency', 'high']);
    expect(r.stderr).toBe('');
    const id = Number(/Ticket #(\d+) opened/.exec(r.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    const t = (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: admin })).body;
    expect(t).toMatchObject({ summary: 'Printer jams on every page', details: 'Tray 2', priority: 'high', status: 'new' });
    expect(t.requester.username).toContain(os.userInfo().username);
    expect(t.deviceId).toBeTruthy();
    expect(t.diagnostics.os.hostname).toBe(os.hostname());
    expect(t.diagnostics.server.httpOk).toBe(true);
    expect(t.diagnostics.filesystems.length).toBeGreaterThan(0);
    expect(Array.isArray(t.findings)).toBe(true);
    expect(t.inventoryChanges[0].sections).toContain('software');
  });

  it('queues while the server is down and sends exactly once when it is back', async () => {
    await server.api.request('POST', '/api/v1/faq', { token: admin, body: { title: 'Cannot reach the company network', body: 'Check the cable.', findings: ['server_unreachable'] } });
    await server.close();
    const r = await agentCli(home, ['help', 'Wi-Fi keeps dropping']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Queued, will be sent when the server is reachable/);
    await server.restart();
    admin = await server.api.login();
    const found = await waitFor('the queued ticket', async () => {
      const list = await ticketsNamed('Wi-Fi keeps dropping');
      return list.length > 0 ? list : null;
    }, 20_000);
    expect(found).toHaveLength(1);
    const t = (await server.api.request('GET', `/api/v1/tickets/${found[0]!.id}`, { token: admin })).body;
    // Collected while the server was down: the finding says so.
    expect(t.findings.map((f: { code: string }) => f.code)).toContain('server_unreachable');
    expect(t.suggestedArticles).toEqual([expect.objectContaining({ title: 'Cannot reach the company network', finding: 'server_unreachable' })]);
    // Acknowledged means removed from the agent's disk queue: after that nothing is resent.
    const queued = () => fs.readdirSync(path.join(home, 'queue')).filter((f) => f.endsWith('.json'));
    await waitFor('the request acknowledged and gone from the queue', () => queued().length === 0);
    expect(await ticketsNamed('Wi-Fi keeps dropping')).toHaveLength(1);
  });

  it('refuses bad arguments clearly', async () => {
    const short = await agentCli(home, ['help', 'x']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('SUMMARY');
    const urgency = await agentCli(home, ['help', 'Printer jams', '--urgency', 'asap']);
    expect(urgency.code).toBe(1);
    expect(urgency.stderr).toContain('--urgency');
    const unenrolled = await agentCli(newAgentHome(), ['help', 'Printer jams']);
    expect(unenrolled.code).toBe(1);
    expect(unenrolled.stderr).toContain('not enrolled');
  });
});

describe('the local Get-help page', () => {
  let page: string;
  beforeAll(async () => {
    page = await waitFor('the page URL', () => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
    await server.api.request('POST', '/api/v1/faq', { token: admin, body: { title: 'Printer shows paper jam', body: 'Open tray 2 and remove the sheet.', category: 'Printing' } });
  });
  const origin = () => page.replace(/\/$/, '');
  const post = (p: string, body: unknown, o: string | null = origin()) =>
    fetch(new URL(p, page), { method: 'POST', headers: { 'content-type': 'application/json', ...(o ? { origin: o } : {}) }, body: JSON.stringify(body) });

  it('serves the page on loopback', async () => {
    expect(page).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(page);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Get help</h1>');
  });

  it('refuses another Host (DNS rebinding) and cross-origin writes', async () => {
    const status = await new Promise<number>((resolve) => {
      http.get(page, { headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(0));
    });
    expect(status).toBe(403);
    expect((await post('/api/help', { summary: 'From a website' }, null)).status).toBe(403);
    expect((await post('/api/help', { summary: 'From a website' }, 'http://evil.example')).status).toBe(403);
  });

  it('suggests FAQ articles, opens a ticket, lists it and takes a reply', async () => {
    const faq = (await (await fetch(new URL('/api/faq?q=printer%20jam', page))).json()) as { title: string }[];
    expect(faq.map((a) => a.title)).toContain('Printer shows paper jam');
    const article = faq.find((a) => a.title === 'Printer shows paper jam') as unknown as { id: number };
    const solved = await post(`/api/faq/${article.id}/solved`, {});
    expect(solved.status).toBe(200);
    expect(((await solved.json()) as { solved: number }).solved).toBe(1);
    const res = await post('/api/help', { summary: 'Screen goes black', urgency: 'critical' });
    expect(res.status).toBe(201);
    const { ticketId } = (await res.json()) as { ticketId: number };
    expect(ticketId).toBeGreaterThan(0);
    const list = (await (await fetch(new URL('/api/tickets', page))).json()) as { id: number }[];
    expect(list.map((t) => t.id)).toContain(ticketId);
    expect((await post(`/api/tickets/${ticketId}/comments`, { body: 'It happened again' })).status).toBe(201);
    const t = (await server.api.request('GET', `/api/v1/tickets/${ticketId}`, { token: admin })).body;
    expect(t.comments.map((c: { body: string }) => c.body)).toContain('It happened again');
  });

  it('works in a real browser under its content security policy: suggestions, a request, the list', async () => {
    const res = await fetch(page);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain('unsafe-inline');
    const browser = await launchBrowser();
    try {
      const { page: tab, errors } = await watchedPage(browser, { width: 900, height: 900 });
      await tab.goto(page);
      await tab.fill('#summary', 'printer jam');
      await tab.getByText('Printer shows paper jam').first().waitFor({ timeout: 15_000 });
      await tab.fill('#summary', 'Headset crackles in calls');
      await tab.click('button[type=submit]');
      await tab.getByText(/Request #\d+ sent/).waitFor({ timeout: 30_000 });
      await tab.locator('#tickets').getByText('Headset crackles in calls').waitFor({ timeout: 15_000 });
      await screenshot(tab, 'gethelp-page');
      // A script or style the policy blocked would show here as a console error.
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(await ticketsNamed('Headset crackles in calls')).toHaveLength(1);
  });

  it('answers bad input with a clear error', async () => {
    const short = await post('/api/help', { summary: 'x' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { message: string } }).error.message).toContain('summary');
    const huge = await post('/api/help', { summary: 'big', details: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    // Sent in one write, 5 MB are read and dropped, and the answer still arrives.
    const port = Number(new URL(page).port);
    const flood = await rawRequest(port, 'POST', '/api/help', Buffer.alloc(5 * 1024 * 1024, 0x61), { 'Content-Type': 'application/json', Origin: origin() });
    expect([flood.status, flood.error]).toEqual([413, null]);
    expect((await fetch(new URL('/api/tickets/999999', page))).status).toBe(404);
  });
});
