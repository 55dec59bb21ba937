import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser } from '../helpers/browser.js';
import { FAKETIME_LIB } from '../helpers/cluster.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openEvents, type EventStream, type SseEvent } from '../helpers/sse.js';

/**
 * SLA clocks reaching their at-risk time and their target while people watch. The server's
 * clock runs sixty times faster (libfaketime; its timers keep real time), so a critical
 * ticket's 15-minute first response is at risk after 12 s and missed after 15 s.
 */
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
let server: TestServer;
let browser: Browser | undefined;
let admin: string;
let tina: string;
let tinaId: string;
let alice: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  server = await startTestServer({ LD_PRELOAD: FAKETIME_LIB, FAKETIME: '+0 x60', DONT_FAKE_MONOTONIC: '1' });
  admin = await server.api.login();
  const user = async (username: string, role: string) =>
    (await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'correct-horse-battery' } })).body.id as string;
  tinaId = await user('tina', 'technician');
  await user('alice', 'employee');
  if (haveBrowser) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const s of streams) s.close();
  await browser?.close();
  await server?.stop();
});

const events = async (token: string) => {
  const s = await openEvents(`${server.url}/api/v1/events`, token);
  streams.push(s);
  await s.next((e) => e.event === 'hello');
  return s;
};
const about = (id: number, change: string) => (e: SseEvent) => e.event === 'ticket' && e.data.ticketId === id && e.data.change === change;

describe('SLA clocks, live', () => {
  it('tells technicians the moment a first response is at risk and then missed, never the requester; the console notifies the assignee', async () => {
    // Sessions last an hour of the server's clock: a minute here. Each is opened when needed.
    tina = await server.api.login('tina', 'correct-horse-battery');
    alice = await server.api.login('alice', 'correct-horse-battery');
    const [t, a] = [await events(tina), await events(alice)];
    const page = browser && (await browser.newPage());
    const shown: string[] = [];
    if (page) {
      await page.context().grantPermissions(['notifications'], { origin: server.url });
      await page.exposeFunction('__notified', (title: string) => shown.push(title));
      await page.addInitScript(`
        const Real = window.Notification;
        window.Notification = class extends Real {
          constructor(title, options) { super(title, options); window.__notified(title); }
        };
      `);
      await page.goto(`${server.url}/console/#/`);
      await page.getByLabel('Username').fill('tina');
      await page.getByLabel('Password').fill('correct-horse-battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('html[data-live="live"]').waitFor({ state: 'attached' });
    }

    const opened = Date.now();
    const id = (await server.api.request('POST', '/api/v1/tickets', { token: alice, body: { summary: 'Payroll server down', priority: 'critical' } })).body.id as number;
    await server.api.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { assigneeId: tinaId } });

    const risk = await t.next(about(id, 'sla_risk'), 30_000);
    const breach = await t.next(about(id, 'sla_breach'), 30_000);
    // At risk from 80 % of the target, missed at the target: 12 and 15 minutes of the server's clock.
    expect(risk.data).toMatchObject({ ticketId: id, actorId: null, assigneeId: tinaId });
    expect(breach.data).toMatchObject({ ticketId: id, actorId: null, assigneeId: tinaId });
    expect((Date.now() - opened) / 1000).toBeGreaterThan(13);
    expect(t.events.filter((e) => e.event === 'ticket' && e.data.ticketId === id && e.data.change.startsWith('sla_')).map((e) => e.data.change)).toEqual(['sla_risk', 'sla_breach']);
    expect((await server.api.request('GET', `/api/v1/tickets/${id}`, { token: tina })).body.slaState).toBe('breached');

    // The requester heard of her ticket, never of its clock.
    await a.next(about(id, 'assigned'));
    expect(a.events.some((e) => e.event === 'ticket' && String(e.data.change).startsWith('sla_'))).toBe(false);

    if (page) {
      await expect.poll(() => shown, { timeout: 10_000 }).toContain(`#${id} missed its SLA target`);
      await page.getByRole('row', { name: /Payroll server down/ }).getByText(/breached/i).waitFor({ timeout: 10_000 });
    }
  }, 90_000);
});
