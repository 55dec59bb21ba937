import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
let admin: string;
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

beforeAll(async () => {
  if (!haveBrowser) return;
  server = await startTestServer();
  admin = await server.api.login();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(haveBrowser)('the SLA policy form in the web console', () => {
  it('sets hours per weekday, holidays, 24×7 priorities and targets in business days, said back in words; recomputing is a choice', async () => {
    const open = await server.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'Opened under the default', priority: 'normal' } });
    const { page, errors } = await watchedPage(browser, { width: 1366, height: 900 });
    await page.goto(`${server.url}/console/#/admin`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const sla = page.getByRole('form', { name: 'SLA policy' });
    await sla.getByLabel('Business hours').check();
    await sla.getByLabel('Time zone').selectOption('Europe/Berlin');
    // Monday: a lunch break makes two ranges. Friday: closed.
    await sla.getByRole('button', { name: 'Add Monday hours' }).click();
    await sla.getByLabel('Monday opens (1)').fill('08:00');
    await sla.getByLabel('Monday closes (1)').fill('12:00');
    await sla.getByLabel('Monday opens (2)').fill('13:00');
    await sla.getByLabel('Monday closes (2)').fill('17:00');
    await sla.getByRole('button', { name: 'Remove Friday hours 1' }).click();
    await sla.getByRole('row', { name: 'Friday hours' }).getByText('closed').waitFor();
    await sla.getByLabel('New holiday', { exact: true }).fill('2026-12-25');
    await sla.getByLabel('New holiday every year').check();
    await sla.getByRole('button', { name: 'Add holiday' }).click();
    await sla.getByLabel('New holiday', { exact: true }).fill('2027-04-02');
    await sla.getByRole('button', { name: 'Add holiday' }).click();
    await sla.getByLabel('critical runs 24×7').check();
    await sla.getByLabel('normal resolution unit').selectOption('days');
    await sla.getByLabel('normal resolution', { exact: true }).fill('3');

    const words = sla.getByRole('list', { name: 'Targets in words' });
    await words.getByText('normal: first response within 4 business hours, resolution within 3 business days (8 h each)').waitFor();
    await words.getByText('critical: first response within 15 minutes, resolution within 4 hours').waitFor();
    await screenshot(page, 'sla-policy-form');

    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await sla.getByText(/^SLA policy saved as version 1; it applies to tickets opened from now on\.$/).waitFor();
    const saved = (await server.api.request('GET', '/api/v1/sla-policy', { token: admin })).body;
    expect(saved).toMatchObject({
      version: 1,
      allHours: ['critical'],
      targets: { normal: { responseMinutes: 240, resolveMinutes: 3 * 480 }, critical: { responseMinutes: 15, resolveMinutes: 240 } },
      calendar: { timeZone: 'Europe/Berlin', holidays: ['2027-04-02'], yearlyHolidays: ['12-25'] },
    });
    expect(saved.calendar.weekly).toEqual([[], [[480, 720], [780, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [], []]);
    // The ticket opened before keeps the policy it was opened under.
    const before = (await server.api.request('GET', `/api/v1/tickets/${open.body.id}`, { token: admin })).body;
    expect(before.resolveDueAt).toBe(open.body.resolveDueAt);

    // Read back as saved, in the units that fit.
    await page.reload();
    await expect.poll(() => sla.getByLabel('normal resolution', { exact: true }).inputValue()).toBe('3');
    expect(await sla.getByLabel('normal resolution unit').inputValue()).toBe('days');
    expect(await sla.getByLabel('Holiday 2', { exact: true }).inputValue()).toBe('2027-04-02');

    // Recomputing the open tickets is chosen, after a preview.
    await sla.getByLabel('Also recompute the open tickets').check();
    await sla.getByRole('button', { name: 'Preview recomputing' }).click();
    await sla.getByText(/^Recomputing would change the SLA state of \d+ of 1 open tickets now/).waitFor();
    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await sla.getByText('SLA policy saved as version 2; 1 open tickets were recomputed.').waitFor();
    const after = (await server.api.request('GET', `/api/v1/tickets/${open.body.id}`, { token: admin })).body;
    expect(after.resolveDueAt).not.toBe(open.body.resolveDueAt);
    expect(errors).toEqual([]);
  });
});
