import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
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
  agent = runAgent(home);
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
  });

  it('queues while the server is down and sends exactly once when it is back', async () => {
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
    await new Promise((r) => setTimeout(r, 1500));
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
