import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-console-files-'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(haveBrowser)('a PC\'s files in the web console', () => {
  it('an admin browses a PC, uploads into a folder and downloads a file and a folder, each checked by its SHA-256', async () => {
    const admin = await server.api.login();
    const pc = await onlineAgent(server, admin);
    agent = pc.agent;
    await server.api.request('PATCH', `/api/v1/devices/${pc.deviceId}`, { token: admin, body: { consent: 'unattended' } });
    fs.mkdirSync(path.join(dir, 'logs'));
    const log = Buffer.from('boot ok\n'.repeat(20_000));
    fs.writeFileSync(path.join(dir, 'logs/boot.log'), log);

    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/#/devices/${pc.deviceId}`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('link', { name: 'etc/' }).waitFor();
    await page.getByLabel('Folder on the PC').fill(dir);
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByRole('link', { name: 'logs/' }).click();
    const row = page.getByRole('row', { name: /boot\.log/ });
    await row.getByRole('cell', { name: '156 KB' }).waitFor();

    const upload = Buffer.from('new driver settings\n');
    await page.getByLabel('Upload a file here').setInputFiles({ name: 'settings.ini', mimeType: 'text/plain', buffer: upload });
    await page.getByText(`settings.ini: 20 B, SHA-256 ${sha(upload)} (checked)`).waitFor();
    expect(fs.readFileSync(path.join(dir, 'logs/settings.ini')).equals(upload)).toBe(true);
    await page.getByRole('row', { name: /settings\.ini/ }).waitFor();

    const [file] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
    expect(file.suggestedFilename()).toBe('boot.log');
    expect(sha(fs.readFileSync((await file.path())!))).toBe(sha(log));
    await page.getByText(`boot.log: 156 KB, SHA-256 ${sha(log)} (checked)`).waitFor();

    await page.getByRole('button', { name: 'Up', exact: true }).click();
    const folder = page.getByRole('row', { name: /logs\// });
    // A packed folder goes to the browser's own downloads through a link, not through the page.
    const [zip] = await Promise.all([page.waitForEvent('download'), folder.getByRole('button', { name: '.zip' }).click()]);
    expect(zip.suggestedFilename()).toBe('logs.zip');
    expect(fs.readFileSync((await zip.path())!).subarray(0, 2).toString()).toBe('PK');
    await page.getByText("logs.zip: in your browser's downloads").waitFor();
    await screenshot(page, 'files');

    await page.getByLabel('Folder on the PC').fill(path.join(dir, 'missing'));
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByRole('alert').filter({ hasText: 'no such file or folder' }).waitFor();
    // The PC's page lists what was moved.
    await page.reload();
    await page.getByRole('listitem').filter({ hasText: /↑ .*settings\.ini by admin/ }).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
