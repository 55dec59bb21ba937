import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentProcess } from '../helpers/agent.js';
import { CHROMIUM, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { onlineAgent } from '../helpers/fleet.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
let agent: AgentProcess | undefined;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('scripts on PCs in the web console', () => {
  it('an admin keeps a script, runs it on the PCs of an inventory filter, and reads each output', async () => {
    const admin = await server.api.login();
    const pc = await onlineAgent(server, admin);
    agent = pc.agent;
    await server.api.request('PATCH', `/api/v1/devices/${pc.deviceId}`, { token: admin, body: { consent: 'unattended', group: 'lab' } });
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/#/inventory?group=lab`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('1 workstation', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Run a script on these PCs' }).click();
    await page.getByRole('heading', { name: 'Scripts on PCs' }).waitFor();
    expect(await page.getByLabel('PCs (an inventory filter').inputValue()).toBe('group=lab');

    const library = page.getByRole('region', { name: 'Script library' });
    await library.getByLabel('Script name').fill('Uptime');
    await library.getByLabel('Script shell').selectOption('sh');
    await library.getByLabel('Script body').fill('echo "up: $(cat /proc/uptime | cut -d" " -f1)"; exit 4');
    await library.getByRole('button', { name: 'Save script' }).click();
    await library.getByText('Script “Uptime” saved.').waitFor();

    const form = page.getByRole('form', { name: 'New job' });
    await form.getByLabel('Script to run').selectOption({ label: 'Uptime (sh)' });
    await form.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('heading', { name: /Job #\d+: Uptime/ }).waitFor();
    const row = page.getByRole('row', { name: /done/ });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('cell', { name: '4', exact: true }).waitFor();
    await row.getByText(/characters/).click();
    await row.locator('pre', { hasText: /^up: \d/ }).waitFor();
    await screenshot(page, 'job');
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Scripts run here' }).waitFor();
    await page.getByRole('link', { name: /^#\d+ Uptime$/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
