import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, watchedPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  browser = await launchBrowser();
  const admin = await server.api.login();
  for (const username of ['tia', 'otto']) {
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role: 'technician', password: 'password-123' } });
  }
  for (const [summary, priority] of [['Server room too hot', 'high'], ['Mouse squeaks', 'low'], ['VPN down', 'high']]) {
    await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary, priority } });
  }
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, username: string, route: string) {
  await page.goto(`${server.url}/console/#/${route}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.runIf(haveBrowser)('saved filters in the web console', () => {
  it('a technician shares a queue filter; another applies it from another browser', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'tia', 'tickets');
    await page.getByRole('row', { name: /Mouse squeaks/ }).waitFor();
    await page.getByLabel('Priority').selectOption('high');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Share with the team').check();
    page.once('dialog', (d) => void d.accept('Hot tickets'));
    await page.getByRole('button', { name: 'Save filter' }).click();
    await page.getByRole('button', { name: 'Delete “Hot tickets”' }).waitFor();

    // Another technician, another browser (nothing in its storage): the filter is there.
    const other = await watchedPage(browser);
    await signIn(other.page, 'otto', 'tickets');
    await other.page.getByRole('row', { name: /Mouse squeaks/ }).waitFor();
    await other.page.getByLabel('Saved filters').selectOption({ label: 'Hot tickets (shared by tia)' });
    await expect.poll(() => other.page.locator('tbody tr').count()).toBe(2);
    expect(await other.page.getByLabel('Priority').inputValue()).toBe('high');
    // Not his to delete.
    expect(await other.page.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect([...errors, ...other.errors]).toEqual([]);
  });

  it('moves filters an earlier console kept in the browser to the server, once', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/`);
    await page.evaluate(() => (globalThis as any).localStorage.setItem('deskside.filters.inventory', JSON.stringify({ 'Linux PCs': 'os=linux', broken: 42 })));
    await signIn(page, 'otto', 'inventory');
    await page.getByLabel('Saved filters').locator('option', { hasText: 'Linux PCs' }).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('deskside.filters.inventory'))).toBeNull();
    const token = await server.api.login('otto', 'password-123');
    expect((await server.api.request('GET', '/api/v1/saved-filters?kind=inventory', { token })).body).toMatchObject([{ name: 'Linux PCs', query: 'os=linux', shared: false }]);
    await page.getByLabel('Saved filters').selectOption({ label: 'Linux PCs' });
    expect(await page.getByLabel('Operating system').inputValue()).toBe('linux');
    expect(errors).toEqual([]);
  });
});
