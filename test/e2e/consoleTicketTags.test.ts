import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, watchedPage } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('ticket categories and tags in the web console', () => {
  it('an admin lists the categories; a technician files and tags a ticket; the queue filters by both', async () => {
    const admin = await server.api.login();
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'VPN drops every hour' } })).body;
    await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'Toner empty' } });
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/#/admin`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const categories = page.getByRole('group', { name: 'Ticket categories' });
    await categories.getByLabel('One per line').fill('Printing\nNetwork\n\nAccounts');
    await categories.getByRole('button', { name: 'Save categories' }).click();
    await categories.getByText('3 categories saved.').waitFor();

    await page.goto(`${server.url}/console/#/tickets/${t.id}`);
    await page.getByLabel('Category').selectOption('Network');
    await page.getByText(/category — → Network by admin/).waitFor();
    await page.getByLabel('Tags').fill('VPN, remote');
    await page.getByLabel('Tags').press('Enter');
    await page.getByText(/tagged vpn, remote by admin/).waitFor();

    await page.getByRole('link', { name: 'Queue' }).click();
    await page.getByRole('row', { name: /Toner empty/ }).waitFor();
    await page.getByLabel('Category').selectOption('Network');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('row', { name: /VPN drops every hour.*Network.*vpn.*remote/ }).waitFor();
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Tag').fill('remote');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Tag').fill('toner');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
