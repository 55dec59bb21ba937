import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { sampleInventory } from '../fixtures/inventory.js';
import { CHROMIUM, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { enrollDevice, rawAgent, reportInventory, type Device, type RawAgent } from '../helpers/rawAgent.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
const agents: RawAgent[] = [];
const agentDocs: ReturnType<typeof sampleInventory>[] = [];
const devices: Device[] = [];
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
const PCS = [
  { user: 'ann', ip: '10.0.0.14', serial: 'S-1', openssl: '3.0.2' },
  { user: 'ben', ip: '10.0.0.12', serial: 'S-3', openssl: '3.0.13' },
  { user: 'cat', ip: '10.0.0.11', serial: 'S-4', openssl: '3.1.0' },
];

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  const admin = await server.api.login();
  for (const pc of PCS) {
    const { a, d } = await rawAgent(server, admin, true, 'vm');
    devices.push(d);
    const document = sampleInventory({
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0', arch: 'x64', hostname: 'vm' },
      system: { manufacturer: 'QEMU', model: 'Standard PC', serial: pc.serial, uuid: null },
      network: [{ iface: 'eth0', mac: '52:54:00:00:00:01', ipv4: [pc.ip], ipv6: ['fe80::1'], speedMbps: 1000, virtual: false }],
      users: [{ user: pc.user, terminal: 'tty2', loginAt: null }],
      software: [{ name: 'bash', version: '5.2.15' }, { name: 'openssl', version: pc.openssl }],
    });
    a.send({ type: 'inventory', hash: inventoryHash(document), document });
    await a.next('inventory.ack');
    agents.push(a);
    agentDocs.push(document);
  }
  // Enrolled PCs that never reported: enough for a second page.
  for (let i = 0; i < 50; i++) await enrollDevice(server, admin, `spare-${String(i).padStart(2, '0')}`);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  for (const a of agents) a.ws.close();
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.url}/console/#/${hash}`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
const column = (page: Page, n: number) => page.locator(`tbody tr td:nth-child(${n})`).allTextContents();

describe.runIf(haveBrowser)('the inventory in the web console', () => {
  it('tells PCs of one name apart, sorts, pages, chooses columns, saves filters and exports', async () => {
    const { page, errors } = await watchedPage(browser, { width: 1500, height: 900 });
    await signIn(page, 'inventory');
    await page.getByText('53 workstations').waitFor();
    await page.getByText('1–50 of 53').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('51–53 of 53').waitFor();

    // Sorted by IP address: the three reporting PCs first, in order; again: the other way.
    await page.getByRole('button', { name: 'IP address' }).click();
    await page.getByText('1–50 of 53').waitFor();
    await expect.poll(async () => (await column(page, 3)).slice(0, 3)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.14']);
    await page.getByRole('button', { name: /IP address/ }).click();
    await expect.poll(async () => (await column(page, 3)).slice(0, 3)).toEqual(['10.0.0.14', '10.0.0.12', '10.0.0.11']);
    await page.getByRole('row', { name: /vm.*10\.0\.0\.12.*ben.*S-3/ }).waitFor();

    // Columns of one's choice, kept across visits.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Columns shown' }).getByLabel('Serial').uncheck();
    await page.getByRole('group', { name: 'Columns shown' }).getByLabel('Group').check();
    await page.reload();
    await page.getByRole('columnheader', { name: 'Group' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Serial' }).count()).toBe(0);

    // Filters combine; a filter is saved under a name and applied again later.
    await page.getByLabel('Installed software').fill('openssl');
    await page.getByLabel('Software version').fill('>=3.0 >=3.1');
    await page.getByText('query.softwareVersion: give at most one lower bound (>= or >)').waitFor();
    await page.getByLabel('Software version').fill('>=3.0 <3.1');
    await page.getByText('2 workstations').waitFor();
    page.once('dialog', (d) => void d.accept('OpenSSL 3.0'));
    await page.getByRole('button', { name: 'Save filter' }).click();
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = fs.readFileSync((await (await csvDownload).path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toContain('"ip_address","logged_user","serial"');
    await page.getByLabel('Software version').fill('');
    await page.getByLabel('Installed software').fill('');
    await page.getByText('53 workstations').waitFor();
    await page.getByLabel('Saved filters').selectOption('OpenSSL 3.0');
    await page.getByText('2 workstations').waitFor();
    expect(await page.getByLabel('Software version').inputValue()).toBe('>=3.0 <3.1');
    await screenshot(page, 'inventory-list');
    // The one error the page met is the range it was given to refuse.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('lists the fleet’s software and opens the PCs of one version in a click', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'software');
    await page.getByLabel('Search packages').fill('ssl');
    const row = page.getByRole('row', { name: /openssl/ });
    await row.getByRole('cell', { name: '3', exact: true }).waitFor();
    await row.getByRole('link', { name: '3.1.0 (1)' }).click();
    await page.getByRole('heading', { name: 'Inventory' }).waitFor();
    await page.getByText('1 workstation', { exact: true }).waitFor();
    expect(await page.getByLabel('Installed software').inputValue()).toBe('openssl');
    await page.getByRole('row', { name: /10\.0\.0\.11.*cat/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows every section of a PC and lets an admin name it', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'inventory?q=ann');
    await page.getByText('1 workstation', { exact: true }).waitFor();
    await page.locator('tbody a').first().click();
    await page.getByRole('heading', { name: 'Network' }).waitFor();
    await page.getByRole('row', { name: /eth0.*10\.0\.0\.14, fe80::1.*52:54:00:00:00:01.*1000 Mb\/s/ }).waitFor();
    await page.getByLabel('Signed-in users').getByText('ann').waitFor();
    await page.getByLabel('Battery').getByText('No battery').waitFor();
    // A new report: the history says what changed.
    const before = agentDocs[0]!;
    const after = { ...before, software: [{ name: 'bash', version: '5.2.15' }, { name: 'openssl', version: '3.0.13' }, { name: 'vim', version: '9.0' }] };
    agents.push(await reportInventory(server, devices[0]!, after));
    const history = page.getByRole('list', { name: 'Inventory changes' });
    await history.getByText('openssl 3.0.2 → 3.0.13').waitFor();
    await history.getByText('vim added (9.0)').waitFor();
    const settings = page.getByRole('group', { name: 'Device settings' });
    await settings.getByLabel('Name').fill('Reception');
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: /^Reception/ }).waitFor();
    await page.getByText('hostname vm').waitFor();
    await screenshot(page, 'device-page');
    expect(errors).toEqual([]);
  });
});
