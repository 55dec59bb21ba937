import fs from 'node:fs';
import jsQRModule from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { awayFromStepEdge, oathtool } from '../helpers/oathtool.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
const PASSWORD = 'tina-strong-password';

// jsqr is CommonJS: its module object is the decoder function itself.
const jsQR = jsQRModule as unknown as typeof import('jsqr').default;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  const admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tina', role: 'technician', password: PASSWORD } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/console/#/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Reads the QR code on the page as a phone would: its pixels, decoded by an independent QR reader. */
async function scanQr(page: Page): Promise<string> {
  const img = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await img.waitFor();
  const pixels = await img.evaluate(async (el) => {
    const { document } = globalThis as any;
    const image = el as any;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    return { width: canvas.width, height: canvas.height, data: Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data as Uint8ClampedArray) };
  });
  const found = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  expect(found, 'a readable QR code').not.toBeNull();
  return found!.data;
}

/** Sets up two-factor sign-in from the QR code; returns the secret the app would hold. */
async function setUpFromQr(page: Page, username: string): Promise<string> {
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  const url = new URL(await scanQr(page));
  expect(decodeURIComponent(url.pathname)).toBe(`/Deskside:${username}`);
  const secret = url.searchParams.get('secret')!;
  // The key written out for typing is the same secret.
  expect((await page.getByLabel('Secret key').textContent())!.replace(/\s/g, '')).toBe(secret);
  await awayFromStepEdge();
  await page.getByLabel('The six-digit code the app shows now').fill(oathtool(secret));
  await page.getByRole('form', { name: 'Confirm two-factor sign-in' }).getByRole('button', { name: 'Turn on' }).click();
  await expect.poll(() => page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
  return secret;
}

describe.runIf(haveBrowser)('two-factor sign-in in the web console', () => {
  it('an admin sets it up from the QR code, requires it, and a technician is led through setup, then asked for codes', async () => {
    const { page, errors } = await watchedPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Account settings' }).click();
    const adminSecret = await setUpFromQr(page, 'admin');
    await screenshot(page, 'two-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('10 of 10 recovery codes left').waitFor();

    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel('Require two-factor sign-in for technicians and admins').click();
    await page.getByText('Two-factor sign-in is now required').waitFor();
    await page.getByRole('row', { name: 'user admin' }).getByText('two-factor', { exact: true }).waitFor();

    // Tina has no second factor: she can only set it up, then works as usual.
    const tina = await watchedPage(browser);
    await signIn(tina.page, 'tina', PASSWORD);
    await tina.page.getByRole('alert').filter({ hasText: 'requires two-factor sign-in' }).waitFor();
    expect(await tina.page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    const tinaSecret = await setUpFromQr(tina.page, 'tina');
    await tina.page.getByRole('button', { name: 'I have saved them' }).click();
    await tina.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).waitFor();

    // Signing in again asks for the code after the password; a wrong one is refused.
    const again = await watchedPage(browser);
    await signIn(again.page, 'tina', PASSWORD);
    await again.page.getByLabel('Code', { exact: true }).fill('000000');
    await again.page.getByRole('button', { name: 'Verify' }).click();
    await again.page.getByRole('alert').filter({ hasText: 'wrong or already used code' }).waitFor();
    await awayFromStepEdge();
    await again.page.getByLabel('Code', { exact: true }).fill(oathtool(tinaSecret, 1));
    await again.page.getByRole('button', { name: 'Verify' }).click();
    await again.page.getByRole('navigation', { name: 'Main' }).waitFor();

    // The admin resets Tina's lost phone; her sessions end.
    await page.reload();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: 'user tina' }).getByRole('button', { name: 'Reset two-factor' }).click();
    await page.getByText('Two-factor sign-in of tina reset').waitFor();
    await expect.poll(() => page.getByRole('row', { name: 'user tina' }).getByText('two-factor', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('row', { name: 'user tina' }).getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);
    const audit = await server.api.request('GET', '/api/v1/audit?q=tina&limit=20', { token: (await server.api.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD, totp: oathtool(adminSecret, 1) } })).body.token });
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('user.totp_reset');
    expect([...errors, ...tina.errors, ...again.errors].filter((e) => !/401|403/.test(e))).toEqual([]);
  });
});
