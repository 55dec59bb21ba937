import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDiagnostics } from '../fixtures/diagnostics.js';
import { CHROMIUM, inkedPixels, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { rawAgent, type RawAgent } from '../helpers/rawAgent.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let agent: RawAgent;
let fullDisk: number;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  ({ a: agent } = await rawAgent(server, admin, true, 'pc-full'));
  const requestId = randomUUID();
  const GiB = 1024 ** 3;
  agent.send({
    type: 'ticket.create',
    requestId,
    summary: 'Cannot save files',
    details: '',
    urgency: 'normal',
    osUser: 'alice',
    diagnostics: sampleDiagnostics({ filesystems: [{ mount: '/', sizeBytes: 100 * GiB, usedBytes: 99 * GiB }] }),
  });
  const answer = await agent.answer(requestId).catch(() => null);
  if (!answer) throw new Error(`no answer: ${JSON.stringify(agent.messages)}`);
  fullDisk = (answer as { ticketId: number }).ticketId;
  const t = await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'Mouse broken' } });
  await server.api.request('PATCH', `/api/v1/tickets/${t.body.id}`, { token: admin, body: { status: 'resolved' } });
}, 60_000);
afterAll(async () => {
  agent?.ws.close();
  await server.stop();
});

describe('the dashboard', () => {
  it('counts per day, per week, by age, across the fleet and by finding', async () => {
    const r = await server.api.request('GET', '/api/v1/dashboard?days=7&weeks=4', { token: admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.perDay).toHaveLength(7);
    expect(r.body.perDay.at(-1)).toEqual({ day: today, opened: 2, resolved: 1 });
    expect(r.body.complianceByWeek).toHaveLength(4);
    expect(r.body.backlogByAge.map((b: { bucket: string }) => b.bucket)).toEqual(['under 1 day', '1–3 days', '3–7 days', '7–30 days', 'over 30 days']);
    expect(r.body.backlogByAge[0]).toMatchObject({ count: 1, to: null });
    expect(r.body.fleetByAgentVersion).toEqual([{ version: '0.1.0', count: 1 }]);
    expect(r.body.findings).toEqual([{ code: 'disk_full', tickets: 1 }]);
    expect((await server.api.request('GET', '/api/v1/dashboard?days=500', { token: admin })).body.error.message).toContain('query.days');
  });

  it('lets the queue and the inventory list what a chart counts', async () => {
    const ids = async (query: string) => ((await server.api.request('GET', `/api/v1/tickets?${query}`, { token: admin })).body as { id: number }[]).map((t) => t.id);
    expect(await ids('finding=disk_full')).toEqual([fullDisk]);
    expect(await ids('finding=disk')).toEqual([]);
    expect((await ids(`createdFrom=${today}&createdTo=${today}`)).length).toBe(2);
    expect(await ids('createdTo=2020-01-01')).toEqual([]);
    expect((await server.api.request('GET', '/api/v1/tickets?createdFrom=yesterday', { token: admin })).body.error.message).toContain('query.createdFrom');
    const devices = await server.api.request('GET', '/api/v1/devices?agentVersion=0.1.0', { token: admin });
    expect(devices.body).toHaveLength(1);
  });

  describe.runIf(haveBrowser)('in the web console', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it('draws its charts with Chart.js, and each bucket opens the tickets it counts', async () => {
      const { page, errors } = await watchedPage(browser, { width: 1366, height: 1000 });
      await page.goto(`${server.url}/console/#/dashboard`);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const perDay = page.getByRole('figure', { name: 'Tickets opened and resolved per day' });
      await perDay.waitFor();
      // Drawn: the canvas holds bars, not an empty area.
      const png = await perDay.locator('canvas').screenshot();
      expect(await inkedPixels(browser, png)).toBeGreaterThan(200);
      await screenshot(page, 'dashboard-charts');

      const findings = page.getByRole('figure', { name: 'Findings in the last 30 days' });
      await findings.getByText('As a list').click();
      await findings.getByRole('link', { name: 'disk_full: 1 tickets' }).click();
      await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
      await page.getByText('with the finding disk_full').waitFor();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
      await page.getByRole('row', { name: /Cannot save files/ }).waitFor();
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('row', { name: /Mouse broken/ }).waitFor();
      expect(errors).toEqual([]);
    });
  });
});
