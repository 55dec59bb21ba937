import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

// CI installs Chromium (.ci/run) and must run these; a developer machine without it skips them, saying so.
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install chromium)`);

let server: TestServer;
let browser: Browser;
let admin: string;
let tinaId: string;
let alice: string;
const contexts: BrowserContext[] = [];

/**
 * A signed-in console whose browser notifications are allowed; each one shown is also written
 * down in the page (the real Notification is still what is constructed).
 */
async function consoleAs(username: string, password: string, home = 'Ticket queue'): Promise<{ page: Page; errors: string[]; shown(): Promise<{ title: string; body: string }[]> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  await context.grantPermissions(['notifications'], { origin: server.url });
  await context.addInitScript(`
    const Real = window.Notification;
    window.__shown = [];
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__shown.push({ title, body: (options && options.body) || '' });
      }
    };
  `);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.url}/console/#/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: home }).waitFor();
  // The console's event stream is open (the root element says so).
  await page.locator('html[data-live="live"]').waitFor({ state: 'attached' });
  return { page, errors, shown: () => page.evaluate(() => (globalThis as unknown as { __shown: { title: string; body: string }[] }).__shown) };
}

const titleCount = async (page: Page) => Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0);

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  admin = await server.api.login();
  const user = async (username: string, role: string) =>
    (await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'correct-horse-battery' } })).body.id as string;
  tinaId = await user('tina', 'technician');
  await user('alice', 'employee');
  alice = await server.api.login('alice', 'correct-horse-battery');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('the console, live', () => {
  it('shows new tickets and counts them in the tab title, and notifies the technician of an assignment and a reply', async () => {
    const { page, errors, shown } = await consoleAs('tina', 'correct-horse-battery');
    const before = await titleCount(page);
    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Badge reader refuses my card' } })).body.id as number;
    // The queue polls once a minute: a row within seconds came over the event stream.
    await page.getByRole('row', { name: /Badge reader refuses my card/ }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(`(${before + 1}) Deskside`);

    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { assigneeId: tinaId } });
    await page.getByRole('row', { name: /Badge reader refuses my card/ }).getByRole('cell', { name: 'tina', exact: true }).waitFor({ timeout: 10_000 });
    await server.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: alice, body: { body: 'It worked yesterday.' } });
    await expect.poll(async () => (await shown()).length, { timeout: 10_000 }).toBe(2);
    expect(await shown()).toEqual([
      { title: `#${id} was assigned to you`, body: 'Badge reader refuses my card' },
      { title: `#${id}: the requester replied`, body: 'Badge reader refuses my card' },
    ]);
    // Opening it takes the ticket out of "new": the title count follows.
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { status: 'open' } });
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(before > 0 ? `(${before}) Deskside` : 'Deskside');
    expect(errors).toEqual([]);
  });

  it('keeps two technicians on one ticket in step, and warns of a reply typed against a ticket that changed', async () => {
    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Second screen stays black' } })).body.id as number;
    const tina = await consoleAs('tina', 'correct-horse-battery');
    const other = await consoleAs('admin', ADMIN_PASSWORD);
    for (const c of [tina, other]) await c.page.goto(`${server.url}/console/#/tickets/${id}`);
    await tina.page.getByRole('heading', { name: `#${id} Second screen stays black` }).waitFor();
    await other.page.getByRole('heading', { name: `#${id} Second screen stays black` }).waitFor();

    // The other technician raises the priority in their console: Tina's shows it.
    await other.page.getByLabel('Priority').selectOption('high');
    await expect.poll(() => tina.page.getByLabel('Priority').inputValue(), { timeout: 10_000 }).toBe('high');
    // The timeline says what changed, from what to what, and who did it.
    await tina.page.locator('ol.timeline').getByText(/priority normal → high by admin$/).waitFor();

    // Tina starts a reply; meanwhile the other technician answers.
    await tina.page.getByLabel('Reply (Markdown)').fill('Try another cable.');
    await other.page.getByLabel('Reply (Markdown)').fill('Known fault on this dock model: swapping it.');
    await other.page.getByRole('button', { name: 'Send reply' }).click();
    await tina.page.getByText('Known fault on this dock model').waitFor({ timeout: 10_000 });
    await tina.page.getByRole('alert').getByText('This ticket changed while you were writing').waitFor();
    await tina.page.getByRole('button', { name: 'Send reply' }).click();
    await tina.page.getByRole('alert').getByText('Not sent: this ticket changed while you were writing').waitFor();
    const comments = async () => (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: admin })).body.comments.length as number;
    expect(await comments()).toBe(1);
    await screenshot(tina.page, 'ticket-changed-while-writing');
    await tina.page.getByRole('button', { name: 'Send anyway' }).click();
    await tina.page.locator('article.comment', { hasText: 'Try another cable.' }).waitFor({ timeout: 10_000 });
    expect(await comments()).toBe(2);
    await expect.poll(() => tina.page.getByRole('alert').count()).toBe(0);
    // The browser logs the refused reply's 409 itself; nothing else went wrong.
    expect([...tina.errors, ...other.errors].filter((e) => !/status of 409/.test(e))).toEqual([]);
  });

  it('takes a call for a new contact, and lets the requester say a fix did not work', async () => {
    const tina = await consoleAs('tina', 'correct-horse-battery');
    await tina.page.goto(`${server.url}/console/#/tickets/new`);
    await tina.page.getByRole('button', { name: 'Add a contact' }).click();
    const card = tina.page.getByRole('group', { name: 'New contact' });
    await card.getByLabel('Name').fill('Walter Visitor');
    await card.getByLabel('Phone').fill('+1 555 0199');
    await card.getByRole('button', { name: 'Add contact' }).click();
    await tina.page.getByRole('group', { name: 'Requester' }).getByText('Walter Visitor', { exact: true }).waitFor();
    await tina.page.getByLabel('How it came in').selectOption('walk-in');
    await tina.page.getByLabel('What is wrong?').fill('Keyboard is missing keys');
    await tina.page.getByRole('button', { name: 'Send' }).click();
    await tina.page.getByRole('heading', { name: /Keyboard is missing keys/ }).waitFor();
    await tina.page.getByText(/from contact-[0-9a-f]{8} in person/).waitFor();
    // Found again by phone, for the next call.
    await tina.page.goto(`${server.url}/console/#/tickets/new`);
    await tina.page.getByLabel('Find someone (name, email or phone)').fill('0199');
    await tina.page.getByRole('list', { name: 'People found' }).getByRole('button', { name: 'Walter Visitor' }).waitFor();

    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Calendar does not sync' } })).body.id as number;
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { status: 'resolved' } });
    const own = await consoleAs('alice', 'correct-horse-battery', 'My requests');
    await own.page.goto(`${server.url}/console/#/tickets/${id}`);
    const notFixed = own.page.getByRole('button', { name: 'No, it is not fixed' });
    expect(await notFixed.isDisabled()).toBe(true);
    await own.page.getByLabel('Not fixed? Say what is still wrong').fill('Still no meetings on my phone.');
    await notFixed.click();
    await own.page.locator('article.comment', { hasText: 'Still no meetings on my phone.' }).waitFor({ timeout: 10_000 });
    expect((await server.api.request('GET', `/api/v1/tickets/${id}`, { token: admin })).body.status).toBe('open');
    expect([...tina.errors, ...own.errors]).toEqual([]);
  });

  it('lets an admin keep canned replies that a technician inserts in a reply and adapts', async () => {
    const adminConsole = await consoleAs('admin', ADMIN_PASSWORD);
    await adminConsole.page.goto(`${server.url}/console/#/admin`);
    const canned = adminConsole.page.getByRole('group', { name: 'Canned replies' });
    await canned.getByRole('button', { name: 'Add a canned reply' }).click();
    await canned.getByLabel('Title').fill('Restart first');
    await canned.getByLabel('Reply (Markdown)').fill('Please restart the PC, then tell us if it still happens.');
    await canned.getByRole('button', { name: 'Save canned replies' }).click();
    await canned.getByRole('status').getByText('Canned replies saved.').waitFor();

    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Sound stutters' } })).body.id as number;
    const tina = await consoleAs('tina', 'correct-horse-battery');
    await tina.page.goto(`${server.url}/console/#/tickets/${id}`);
    await tina.page.getByLabel('Insert a canned reply').selectOption('Restart first');
    const box = tina.page.getByLabel('Reply (Markdown)');
    expect(await box.inputValue()).toBe('Please restart the PC, then tell us if it still happens.');
    await box.fill(`${await box.inputValue()} Thanks, Tina`);
    await tina.page.getByRole('button', { name: 'Send reply' }).click();
    await tina.page.locator('article.comment', { hasText: 'still happens. Thanks, Tina' }).waitFor({ timeout: 10_000 });
    expect([...adminConsole.errors, ...tina.errors]).toEqual([]);
  });

  it('pages the queue on the server, fifty tickets at a time', async () => {
    for (let i = 0; i < 55; i++) await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: `Bulk request ${i}` } });
    const { page, errors } = await consoleAs('tina', 'correct-horse-battery');
    const total = Number((await server.api.request('GET', '/api/v1/tickets?status=active&limit=1', { token: admin })).headers.get('x-total-count'));
    expect(total).toBeGreaterThan(50);
    await page.getByText(`1–50 of ${total}`).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(51);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(`51–${total} of ${total}`).waitFor();
    // The second page's rows replace the first's once they arrive.
    await expect.poll(() => page.getByRole('row').count()).toBe(total - 50 + 1);
    // A filter starts again from the first page.
    await page.getByLabel('Search tickets').fill('Bulk request 1');
    await page.getByRole('row', { name: /Bulk request 10/ }).waitFor();
    expect(await page.getByText(/of \d+$/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

