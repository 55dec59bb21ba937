import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, type AgentProcess } from '../helpers/agent.js';
import { CHROMIUM, inkedPixels, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
let agent: AgentProcess;
let deviceId: string;
let ticketId: number;

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  const admin = await server.api.login();
  let home: string;
  ({ deviceId, agent, home } = await unattendedAgent(server, admin));
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'emma', role: 'employee', password: 'password-123' } });
  const help = await agentCli(home, ['help', 'Printer jams on every page', '--details', 'Since **Monday**. <img src=x onerror=alert(1)>']);
  expect(help.code).toBe(0);
  ticketId = Number(/#(\d+)/.exec(help.stdout)![1]);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await server?.stop();
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/console/#/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// CI installs Chromium (.ci/run) and must run these; a developer machine without it skips them, saying so.
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install chromium)`);

describe.runIf(haveBrowser)('the web console in a real browser', () => {
  it('takes a technician from the queue to a ticket from the PC, a reply, and a shell on that PC', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    const row = page.getByRole('row', { name: /Printer jams on every page/ });
    await row.waitFor();
    await row.getByText('On track').waitFor();
    await row.getByRole('button', { name: 'Assign to me' }).click();
    await row.getByRole('cell', { name: 'admin', exact: true }).waitFor();
    // A new ticket shows up in the open queue without a reload.
    const token = await server.api.login();
    await server.api.request('POST', '/api/v1/tickets', { token, body: { summary: 'Monitor flickers', priority: 'high' } });
    await page.getByRole('row', { name: /Monitor flickers/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'queue');

    await page.getByRole('link', { name: 'Printer jams on every page' }).click();
    await page.getByRole('heading', { name: new RegExp(`#${ticketId} Printer jams`) }).waitFor();
    // Markdown is rendered; HTML typed into it is shown as text, never made into elements.
    await page.locator('.markdown strong', { hasText: 'Monday' }).waitFor();
    expect(await page.locator('.markdown img').count()).toBe(0);
    await page.locator('.markdown', { hasText: '<img src=x onerror=alert(1)>' }).waitFor();

    await page.getByLabel('Reply (Markdown)').fill('Try the *other* tray, please.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.comment em', { hasText: 'other' }).waitFor();
    await screenshot(page, 'ticket');

    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && sent.push(f.payload)));
    await page.getByRole('button', { name: 'Open shell' }).click();
    await page.locator('[data-phase="ready"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="terminal"] textarea').focus();
    // The page acknowledges what its terminal has taken, and the shell is held to that: 2 MB,
    // four windows, reach the screen only if the acknowledgements flow.
    expect(JSON.parse(sent.find((f) => f.includes('"auth"'))!)).toMatchObject({ type: 'auth', flow: 'ack' });
    await page.keyboard.type('seq 1 300000; echo SEQ""-END\n');
    await page.locator('.xterm-rows > div', { hasText: /^SEQ-END\s*$/ }).waitFor({ timeout: 30_000 });
    await page.locator('.xterm-rows > div', { hasText: /^300000\s*$/ }).waitFor();
    const acked = sent.filter((f) => f.startsWith('{"type":"ack"')).reduce((n, f) => n + (JSON.parse(f) as { bytes: number }).bytes, 0);
    expect(acked).toBeGreaterThan(2_000_000);
    await page.keyboard.type('echo console-$((6*7))\n');
    await page.locator('.xterm-rows', { hasText: 'console-42' }).waitFor({ timeout: 20_000 });
    // Underscores sit at the bottom of their cell in common monospace fonts: at a device pixel
    // ratio of 1 a row too short for them clips them away (container_info.json read "container info.json").
    expect(await page.evaluate(() => (globalThis as { devicePixelRatio?: number }).devicePixelRatio)).toBe(1);
    await page.keyboard.type("printf '%0.s_' {1..40}; echo\n");
    const underscores = page.locator('.xterm-rows > div', { hasText: /^_{40}\s*$/ });
    await underscores.waitFor({ timeout: 20_000 });
    expect(await inkedPixels(browser, await underscores.screenshot())).toBeGreaterThan(40);
    await screenshot(page, 'shell');
    await page.getByRole('button', { name: 'End session' }).click();
    await page.locator('[data-phase="ended"]').waitFor();
    await page.getByRole('button', { name: 'Play recording' }).first().waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  });

  it('lists every remote session and plays its recording with pause, seek, speed and duration', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Sessions' }).click();
    const row = page.getByRole('row', { name: /session / }).first();
    await row.getByRole('cell', { name: 'admin', exact: true }).waitFor();
    await row.getByRole('link', { name: `#${ticketId}` }).waitFor();
    await row.getByText('unattended: not required').waitFor();
    await row.getByRole('button', { name: 'Play' }).click();
    const timer = page.getByRole('timer', { name: 'Time' });
    await timer.filter({ hasText: /^0:\d\d\.\d \/ 0:\d\d\.\d$/ }).waitFor();
    const total = (await timer.textContent())!.split(' / ')[1];
    // Seek to the end: the whole session's output is on the screen at once.
    // A person drags the slider or uses its keys; End and Home are the ends of the timeline.
    await page.getByRole('slider', { name: 'Position' }).press('End');
    await page.locator('.player .xterm-rows', { hasText: 'console-42' }).waitFor();
    await timer.filter({ hasText: `${total} / ${total}` }).waitFor();
    await page.getByRole('button', { name: 'Replay' }).waitFor();
    // Back to the start and paused: the position stays.
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('slider', { name: 'Position' }).press('Home');
    await timer.filter({ hasText: `0:00.0 / ${total}` }).waitFor();
    expect(await page.locator('.player .xterm-rows').textContent()).not.toContain('console-42');
    await page.getByLabel('Speed').selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.locator('.player .xterm-rows', { hasText: 'console-42' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'sessions');
    expect(errors).toEqual([]);
  });

  it('finds the PC in the inventory by installed software, and shows its page', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByText('1 workstation').waitFor();
    await page.getByLabel('Installed software').fill('bash');
    await page.getByText('1 workstation').waitFor();
    await page.getByLabel('Installed software').fill('no-such-package-anywhere');
    await page.getByText('0 workstations').waitFor();
    await page.getByLabel('Installed software').fill('');
    await page.getByText('1 workstation').waitFor();
    await page.getByRole('row', { name: /GB of/ }).waitFor();
    await screenshot(page, 'inventory');
    await page.locator('table a').first().click();
    await page.getByRole('heading', { name: /Software \(\d+\)/ }).waitFor();
    await page.getByLabel('Filter software').fill('bash');
    await page.getByRole('cell', { name: 'bash', exact: true }).waitFor();
    // The person who asked for help from this PC is one of its people, by the default policy.
    const people = page.getByRole('list', { name: 'People who use this PC' });
    await people.getByText(`${os.userInfo().username}@`).waitFor();
    await people.getByText('confirmed by policy').waitFor();
    await screenshot(page, 'device');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'SLA compliance per week' }).waitFor();
    await screenshot(page, 'dashboard');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('button', { name: 'New article' }).click();
    const article = page.getByRole('form', { name: 'FAQ article' });
    await article.getByLabel('Title').fill('The disk is full');
    await article.getByLabel('Answer (Markdown)').fill('Empty the **Downloads** folder.');
    await article.getByLabel('Findings it answers').fill('disk_full');
    await article.getByRole('button', { name: 'Save article' }).click();
    await page.getByRole('listitem').filter({ hasText: 'The disk is full' }).waitFor();
    const sla = page.getByRole('form', { name: 'SLA policy' });
    await sla.getByLabel('critical first response', { exact: true }).fill('20');
    await sla.getByRole('button', { name: 'Preview recomputing' }).click();
    await sla.getByRole('status').getByText(/^Recomputing would change the SLA state of \d+ of \d+ open tickets now; \d+ would become breached\.$/).waitFor();
    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await sla.getByText(/SLA policy saved as version \d+; it applies to tickets opened from now on/).waitFor();
    await screenshot(page, 'admin');
    expect(errors).toEqual([]);
  });

  it('keeps a half-written reply when the session ends, and sends it after signing in again', async () => {
    const { page } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/console/#/tickets/${ticketId}`);
    await page.getByLabel('Reply (Markdown)').fill('Half an hour of careful writing');
    // Every session token stops being valid: the server's signing secret changed under it.
    fs.rmSync(path.join(server.dataDir, 'jwt-secret'));
    await server.restart();
    await page.getByRole('button', { name: 'Send reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session expired' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(ADMIN_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.comment', { hasText: 'Half an hour of careful writing' }).waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it('shows a PC going offline without a reload', async () => {
    const { page } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/console/#/devices/${deviceId}`);
    await page.getByRole('heading', { name: /Online/ }).waitFor();
    await agent.stop();
    await page.getByRole('heading', { name: /Offline/ }).waitFor({ timeout: 15_000 });
  });

  it('keeps employees out of the admin pages', async () => {
    const { page, errors } = await watchedPage(browser, { width: 390, height: 844 });
    // The answers are public: no sign-in needed.
    await page.goto(`${server.url}/console/#/faq`);
    await page.getByLabel('Search the answers').fill('disk');
    await page.getByText('The disk is full').click();
    await page.locator('.faq strong', { hasText: 'Downloads' }).waitFor();
    await screenshot(page, 'faq-phone');
    await signIn(page, 'emma', 'password-123');
    await page.getByRole('heading', { name: 'My requests' }).waitFor();
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${server.url}/console/#/admin`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await screenshot(page, 'employee-phone');
    expect(errors).toEqual([]);
  });

  it('lets an admin take access away, revoke an enrollment token, and anyone change their own password', async () => {
    const { page, errors } = await watchedPage(browser);
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Admin' }).click();
    const add = page.getByRole('form', { name: 'Add a user' });
    await add.getByLabel('New username').fill('ursula');
    await add.getByLabel('Email').fill('ursula@example.com');
    await add.getByLabel('Password').fill('ursulas-long-passphrase');
    await add.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row', { name: 'user ursula' });
    await row.getByText('ursula@example.com').waitFor();
    const token = (await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'ursula', password: 'ursulas-long-passphrase' } })).body.token;
    await row.getByLabel('Role of ursula').selectOption('employee');
    await page.getByText('ursula is now employee').waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('cell', { name: 'Disabled' }).waitFor();
    expect((await server.api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByRole('cell', { name: 'Active' }).waitFor();

    const enroll = page.getByRole('form', { name: 'Create an enrollment token' });
    await enroll.getByRole('button', { name: 'Create token' }).click();
    const command = await page.locator('pre.command').textContent();
    expect(command).toContain(`--server ${server.url}`);
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page.getByText('Token revoked').waitFor();
    const created = /--token (\S+)/.exec(command!)![1]!;
    const refused = await server.api.request('POST', '/api/v1/enroll', { body: { token: created, hostname: 'pc-x', platform: 'linux', agentVersion: '0.1.0' } });
    expect(refused.body.error.code).toBe('enrollment_token_revoked');
    await screenshot(page, 'admin-access');

    const own = await watchedPage(browser);
    await signIn(own.page, 'ursula', 'ursulas-long-passphrase');
    await own.page.getByRole('link', { name: 'Account settings' }).click();
    const form = own.page.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('ursulas-long-passphrase');
    await form.getByLabel('New password', { exact: true }).fill('ursulas-newer-passphrase');
    await form.getByLabel('New password again').fill('ursulas-newer-passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await own.page.getByText('Password changed').waitFor();
    // The session that made the change goes on.
    await own.page.getByRole('link', { name: 'My requests' }).click();
    await own.page.getByRole('heading', { name: 'My requests' }).waitFor();
    expect((await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'ursula', password: 'ursulas-newer-passphrase' } })).status).toBe(200);
    expect([...errors, ...own.errors]).toEqual([]);
  });

  it('shows the SLA report for a chosen period and exports it as CSV', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'SLA report' }).waitFor();
    for (const table of ['Priority', 'Technician', 'Channel', 'Week']) await page.getByRole('table', { name: table }).waitFor();
    await page.getByRole('table', { name: 'Channel' }).getByRole('row', { name: /^agent/ }).waitFor();
    await page.getByText(/First response: median/).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^sla-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('"by","key","met","breached","open","compliance_pct"');
    // A period with no tickets says so rather than failing.
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To (included)').fill('2020-01-31');
    await page.getByRole('table', { name: 'Week' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Week' }).getByRole('row').count()).toBe(1);
    await screenshot(page, 'sla-report');
    expect(errors).toEqual([]);
  });

  it('finds who did what in the audit log, by text and date, a page at a time, and exports it', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Admin' }).click();
    const log = page.getByRole('region', { name: 'Audit log' });
    await log.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1).waitFor();
    await log.getByText(/^1–\d+ of \d+$/).waitFor();
    // The PC the agent enrolled is named by its hostname; its details read as words.
    await log.getByLabel('Search the audit log').fill('device.enroll');
    const row = log.getByRole('row', { name: /device\.enroll/ }).first();
    await row.getByRole('cell', { name: os.hostname(), exact: true }).waitFor();
    await row.getByText(/^platform: linux$/).waitFor();
    await log.getByText(/^1–\d+ of \d+$/).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), log.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(file.suggestedFilename()).toBe('audit.csv');
    expect(fs.readFileSync((await file.path())!, 'utf8')).toContain('"device.enroll"');
    await log.getByLabel('From', { exact: true }).fill('2020-01-01');
    await log.getByLabel('To', { exact: true }).fill('2020-01-02');
    await log.getByText('No entries').waitFor();
    expect(errors).toEqual([]);
  });

  // Last: it revokes the PC the other tests use.
  it('lets an admin group and annotate a PC, and revoke it after confirming', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/console/#/devices/${deviceId}`);
    const settings = page.getByRole('group', { name: 'Device settings' });
    await settings.getByLabel('Group').fill('Finance');
    await settings.getByLabel('Notes').fill('Spare laptop, ask Eva before wiping.');
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/· group Finance/).waitFor();
    const token = await server.api.login();
    expect((await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token })).body).toMatchObject({ group: 'Finance', notes: 'Spare laptop, ask Eva before wiping.' });
    await settings.getByRole('button', { name: 'Revoke this PC' }).click();
    await settings.getByRole('alert').getByText(`Revoke ${os.hostname()}?`).waitFor();
    await settings.getByRole('button', { name: 'Cancel' }).click();
    expect((await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token })).status).toBe(200);
    await settings.getByRole('button', { name: 'Revoke this PC' }).click();
    await settings.getByRole('button', { name: `Yes, revoke ${os.hostname()}` }).click();
    await page.getByRole('heading', { name: 'Inventory' }).waitFor();
    await expect.poll(async () => (await server.api.request('GET', '/api/v1/devices', { token })).body.some((d: { id: string }) => d.id === deviceId)).toBe(false);
    expect(errors).toEqual([]);
  });
});
