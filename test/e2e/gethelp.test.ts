import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { rawRequest } from '../helpers/http.js';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal } from '../helpers/terminal.js';

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
      // The thread is open and a reply half-typed when the technician answers: both stay, and
      // the answer and the new status appear without a reload (pushed through the agent).
      const id = (await ticketsNamed('Headset crackles in calls'))[0]!.id;
      await tab.locator('#tickets summary', { hasText: 'Headset crackles in calls' }).click();
      await tab.getByLabel('Your reply').fill('It is the USB one');
      await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'Which **headset model** is it?\n\n- USB\n- jack <img src=x onerror=alert(1)>' } });
      await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { status: 'waiting' } });
      // The reply's Markdown is shown formatted, and markup typed in it as text.
      const reply = tab.locator('.reply', { hasText: 'headset model' });
      await reply.waitFor({ timeout: 10_000 });
      // The status change that follows reloads the thread: wait for it to settle, rather than read
      // a card that is being replaced.
      await tab.getByText('IT is waiting for your answer: reply below to carry on.').waitFor({ timeout: 10_000 });
      await expect.poll(() => reply.locator('li').allTextContents(), { timeout: 10_000 }).toEqual(['USB', 'jack <img src=x onerror=alert(1)>']);
      expect(await reply.locator('strong').textContent()).toBe('headset model');
      expect(await tab.locator('#tickets img').count()).toBe(0);
      await tab.getByText('IT is waiting for your answer: reply below to carry on.').waitFor({ timeout: 10_000 });
      expect(await tab.getByLabel('Your reply').inputValue()).toBe('It is the USB one');
      await screenshot(tab, 'gethelp-page');
      // Resolved: the person confirms the fix and rates how it went, on the page.
      await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { status: 'resolved' } });
      await tab.getByRole('button', { name: 'Yes, it is fixed' }).click({ timeout: 10_000 });
      await tab.locator('#tickets summary', { hasText: 'Headset crackles in calls' }).getByText('closed').waitFor({ timeout: 10_000 });
      await tab.getByLabel('How well was it handled?').selectOption('4');
      await tab.getByLabel('Anything to add? (optional)').fill('Fast and friendly');
      await tab.getByRole('button', { name: 'Rate' }).click();
      await tab.getByText('You rated this 4 out of 5. Thank you.').waitFor({ timeout: 10_000 });
      const done = (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: admin })).body;
      expect(done).toMatchObject({ status: 'closed', rating: { score: 4, comment: 'Fast and friendly' } });
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

/**
 * Two real OS accounts on this machine reach the same Get-help page. The page tells them apart
 * by the owner of each loopback connection (Linux: /proc/net/tcp), so each sees only their own
 * requests, and neither can answer a request to connect for the person at the screen.
 */
const canMakeUsers = process.platform === 'linux' && process.getuid?.() === 0 && fs.existsSync('/usr/sbin/useradd') && fs.existsSync('/usr/sbin/runuser');
describe.runIf(canMakeUsers || process.env.CI)('two people on one PC', () => {
  const people = ['dsk-ana', 'dsk-ben'] as const;
  let page: string;
  beforeAll(async () => {
    for (const p of people) spawnSync('userdel', [p]);
    for (const p of people) expect(spawnSync('useradd', ['-M', '-s', '/usr/sbin/nologin', p]).status).toBe(0);
    page = await waitFor('the page URL', () => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
  });
  afterAll(() => {
    for (const p of people) spawnSync('userdel', [p]);
  });

  /** A request to the page made by a process of that OS account, as its browser would. */
  function as(person: string, method: string, p: string, body?: unknown): { status: number; body: any } {
    const script = `const r = await fetch(${JSON.stringify(new URL(p, page).href)}, ${JSON.stringify({
      method,
      headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })}); console.log(JSON.stringify({ status: r.status, body: await r.json() }));`;
    const r = spawnSync('runuser', ['-u', person, '--', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, cwd: '/' });
    if (r.status !== 0) throw new Error(`as ${person}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  }

  it('files each one’s request under their own name and shows it to them alone', async () => {
    const sent = as('dsk-ana', 'POST', '/api/help', { summary: 'Second screen stays black' });
    expect(sent.status).toBe(201);
    const t = (await server.api.request('GET', `/api/v1/tickets/${sent.body.ticketId}`, { token: admin })).body;
    expect(t.requester.username).toBe(`dsk-ana@${os.hostname()}`);
    expect(as('dsk-ana', 'GET', '/api/tickets').body.map((x: { id: number }) => x.id)).toContain(t.id);
    expect(as('dsk-ben', 'GET', '/api/tickets').body.map((x: { id: number }) => x.id)).not.toContain(t.id);
    expect(as('dsk-ben', 'GET', `/api/tickets/${t.id}`).status).toBe(404);
    expect(as('dsk-ben', 'POST', `/api/tickets/${t.id}/comments`, { body: 'I am Ana, honest' }).status).toBe(404);
    expect(as('dsk-ana', 'POST', `/api/tickets/${t.id}/comments`, { body: 'Still black after a restart' }).status).toBe(201);
  });

  it('lets only the person at the screen (here: nobody, so the agent’s own account) answer a request to connect', async () => {
    const device = (await server.api.request('GET', '/api/v1/devices', { token: admin })).body.find((d: { hostname: string }) => d.hostname === os.hostname());
    await server.api.request('PATCH', `/api/v1/devices/${device.id}`, { token: admin, body: { consent: 'prompt' } });
    const t = openTerminal(server.url, { token: admin, device: device.id, reason: 'check the screen' });
    try {
      const pending = await waitFor('the request on the page', async () => ((await (await fetch(new URL('/api/sessions', page))).json()) as { pending: any[] }).pending[0]);
      const ben = as('dsk-ben', 'POST', '/api/sessions/answer', { sessionId: pending.sessionId, accept: true });
      expect(ben).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('screen') } } });
      const answered = await fetch(new URL('/api/sessions/answer', page), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') },
        body: JSON.stringify({ sessionId: pending.sessionId, accept: false }),
      });
      expect(answered.status).toBe(200);
      expect((await t.closed).code).toBe(4409);
    } finally {
      t.ws.close();
    }
  });
});
