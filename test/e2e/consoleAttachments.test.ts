import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, watchedPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer({ DESKSIDE_ATTACHMENT_MAX_MB: '0.0625' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('attachments in the web console', () => {
  it('a technician attaches a screenshot and a log, pastes an image; images show inline, logs open in the page', async () => {
    const admin = await server.api.login();
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123' } });
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'Outlook crashes on start' } })).body;
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/console/#/tickets/${t.id}`);
    await page.getByLabel('Username').fill('tia');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Outlook crashes/ }).waitFor();

    // A real image: a piece of the page itself, 40×20 pixels.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 20 } });
    const log = 'Faulting application OUTLOOK.EXE, exception 0xc0000005\n';
    await page.getByLabel('Attach files').setInputFiles([
      { name: 'crash.png', mimeType: 'image/png', buffer: png },
      { name: 'outlook.log', mimeType: 'text/plain', buffer: Buffer.from(log) },
    ]);
    const image = page.getByRole('img', { name: 'crash.png' });
    await image.waitFor();
    expect(await image.evaluate((img) => [(img as any).naturalWidth, (img as any).naturalHeight])).toEqual([40, 20]);
    await page.getByText('attached outlook.log by tia').waitFor();
    await page.getByRole('button', { name: 'Show outlook.log' }).click();
    await page.locator('pre.text-preview', { hasText: 'exception 0xc0000005' }).waitFor();

    // A screenshot pasted from the clipboard arrives with a generic name and gets a dated one.
    await page.locator('.attachments').evaluate((el, bytes) => {
      const { DataTransfer, ClipboardEvent } = globalThis as any;
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, [...png]);
    await page.getByRole('img', { name: /^screenshot-\d{4}-\d\d-\d\d-.*\.png$/ }).waitFor();

    await page.getByLabel('Attach files').setInputFiles({ name: 'memory.dmp', mimeType: 'application/octet-stream', buffer: Buffer.alloc(70 * 1024, 1) });
    await page.getByRole('alert').filter({ hasText: 'Cannot attach memory.dmp: request body is too large (at most 64 KB)' }).waitFor();

    const stored = (await server.api.request('GET', `/api/v1/tickets/${t.id}`, { token: admin })).body.attachments;
    expect(stored.map((a: { contentType: string }) => a.contentType)).toEqual(['image/png', 'text/plain; charset=utf-8', 'image/png']);
    // The failed upload's 413 is the only error the page met.
    expect(errors.filter((e) => !e.includes('413'))).toEqual([]);
  });
});
