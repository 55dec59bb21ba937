import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInventory } from '../fixtures/inventory.js';
import { CHROMIUM, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { enrollDevice, reportInventory, type RawAgent } from '../helpers/rawAgent.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
let agent: RawAgent | undefined;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer({ DESKSIDE_ALERT_SECONDS: '1' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  agent?.ws.close();
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('alerts in the web console', () => {
  it('an admin adds a rule in a form; the alert shows with its PC and ticket; turned off, it ends', async () => {
    const admin = await server.api.login();
    const pc = await enrollDevice(server, admin, 'pc-full');
    const base = sampleInventory();
    agent = await reportInventory(server, pc, sampleInventory({
      os: { ...base.os, hostname: 'pc-full' },
      disks: { physical: [], filesystems: [{ mount: 'C:\\', fs: 'NTFS', type: 'ntfs', sizeBytes: 100e9, usedBytes: 96e9 }] },
    }));
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/#/alerts`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('0 active alerts').waitFor();

    const rules = page.getByRole('region', { name: 'Alert rules' });
    await rules.getByLabel('Name', { exact: true }).fill('Disk nearly full');
    await rules.getByLabel('When').selectOption('disk');
    await rules.getByLabel('Percent').fill('90');
    await rules.getByLabel('Priority').selectOption('high');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByText('Rule “Disk nearly full” added.').waitFor();
    await rules.getByRole('row', { name: /Disk nearly full.*a disk ≥ 90% full.*a high ticket.*all/ }).waitFor();

    const row = page.getByRole('row', { name: /pc-full.*Disk nearly full.*C:\\ is 96% full/ });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('link', { name: /^#\d+$/ }).click();
    await page.getByRole('heading', { name: /Disk nearly full: pc-full/ }).waitFor();
    await page.getByText(/by an alert on the PC/).waitFor();

    await page.goto(`${server.url}/console/#/alerts`);
    await rules.getByRole('button', { name: 'Turn off' }).click();
    await rules.getByText('Rule “Disk nearly full” turned off.').waitFor();
    await page.getByLabel('Alerts shown').selectOption('resolved');
    await page.getByText('1 resolved alert', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('row', { name: /pc-full.*Disk nearly full.*ended/ }).waitFor();
    await screenshot(page, 'alerts');
    expect(errors).toEqual([]);
  });
});
