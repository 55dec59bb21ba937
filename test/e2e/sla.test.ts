import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123' } });
  tech = await server.api.login('tia', 'password-123');
});
afterAll(() => server.stop());

const nineToFive = [[540, 1020]];
const policy = (highResponse: number, calendar: unknown = null) => ({
  targets: {
    critical: { responseMinutes: 15, resolveMinutes: 240 },
    high: { responseMinutes: highResponse, resolveMinutes: 480 },
    normal: { responseMinutes: 240, resolveMinutes: 4320 },
    low: { responseMinutes: 1440, resolveMinutes: 10080 },
  },
  calendar,
});

describe('SLA policy', () => {
  it('starts as 24x7 with default targets, readable by technicians', async () => {
    const r = await server.api.request('GET', '/api/v1/sla-policy', { token: tech });
    expect(r).toMatchObject({ status: 200, body: { version: null, calendar: null, allHours: [], targets: { high: { responseMinutes: 60 } } } });
  });

  it('applies a new policy to tickets opened afterwards; open tickets move to it only when asked', async () => {
    const open = async (summary: string) => (await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary, priority: 'high' } })).body;
    const ticket = async (id: number) => (await server.api.request('GET', `/api/v1/tickets/${id}`, { token: tech })).body;
    const t = await open('Scanner offline');
    const put = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(120) });
    expect(put).toMatchObject({ status: 200, body: { version: 1, recomputed: 0, targets: { high: { responseMinutes: 120 } } } });
    expect((await server.api.request('GET', '/api/v1/sla-policy', { token: tech })).body).toMatchObject({ version: 1, targets: { high: { responseMinutes: 120 } } });
    // The open ticket keeps the policy it was opened under, even as it changes.
    await server.api.request('PATCH', `/api/v1/tickets/${t.id}`, { token: tech, body: { status: 'open' } });
    expect((await ticket(t.id)).responseDueAt).toBe(t.responseDueAt);
    const later = await open('Printer offline');
    expect(Date.parse(later.responseDueAt) - Date.parse(later.createdAt)).toBe(120 * 60_000);

    const again = await server.api.request('PUT', '/api/v1/sla-policy?recompute=open', { token: admin, body: policy(180) });
    expect(again.body).toMatchObject({ version: 2, recomputed: expect.any(Number) });
    expect(again.body.recomputed).toBeGreaterThanOrEqual(2);
    const after = await ticket(t.id);
    expect(Date.parse(after.responseDueAt) - Date.parse(t.responseDueAt)).toBe(120 * 60_000);
    expect(Date.parse((await ticket(later.id)).responseDueAt) - Date.parse(later.createdAt)).toBe(180 * 60_000);
    expect((await server.api.request('PUT', '/api/v1/sla-policy?recompute=all', { token: admin, body: policy(180) })).body.error.message).toContain('query.recompute');
  });

  it('runs chosen priorities 24×7 whatever the calendar, and skips yearly holidays', async () => {
    // Open two hours a week, three days from now: a high ticket waits days, a critical one does not.
    const weekly: number[][][] = [[], [], [], [], [], [], []];
    weekly[(new Date().getUTCDay() + 3) % 7] = [[600, 720]];
    const calendar = { timeZone: 'UTC', weekly, holidays: [], yearlyHolidays: ['12-25', '01-01'] };
    const put = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: { ...policy(60, calendar), allHours: ['critical'] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await server.api.request('GET', '/api/v1/sla-policy', { token: tech })).body).toMatchObject({ allHours: ['critical'], calendar: { yearlyHolidays: ['12-25', '01-01'] } });
    const critical = (await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary: 'Server room on fire', priority: 'critical' } })).body;
    const high = (await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary: 'VPN slow', priority: 'high' } })).body;
    expect(Date.parse(critical.responseDueAt) - Date.parse(critical.createdAt)).toBe(15 * 60_000);
    expect(Date.parse(high.responseDueAt) - Date.parse(high.createdAt)).toBeGreaterThan(2 * 86_400_000);
    const bad = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: { ...policy(60, { ...calendar, yearlyHolidays: ['25-12'] }), allHours: ['urgent'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/yearlyHolidays|allHours/);
    // One minute a week cannot hold the low priority's week of business time within the three years the clock looks ahead.
    const tiny = { ...calendar, weekly: weekly.map((d) => (d.length ? [[600, 601]] : [])) };
    for (const path of ['/api/v1/sla-policy', '/api/v1/sla-policy/preview']) {
      const unreachable = await server.api.request(path.endsWith('preview') ? 'POST' : 'PUT', path, { token: admin, body: policy(60, tiny) });
      expect(unreachable.status, path).toBe(400);
      expect(unreachable.body.error.message).toMatch(/^body\.targets\.\w+\.resolveMinutes: .*three years/);
    }
    await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60) });
  });

  it('accepts a business calendar and refuses nonsense, naming the field', async () => {
    const calendar = { timeZone: 'Europe/Berlin', weekly: [[], nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, []], holidays: ['2026-12-25'] };
    expect((await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60, calendar) })).status).toBe(200);
    const badZone = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60, { ...calendar, timeZone: 'Mars/Olympus' }) });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toContain('body.calendar.timeZone');
    const closed = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60, { ...calendar, weekly: [[], [], [], [], [], [], []] }) });
    expect(closed.status).toBe(400);
    const inverted = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60, { ...calendar, weekly: [[[600, 500]], [], [], [], [], [], []] }) });
    expect(inverted.status).toBe(400);
    expect((await server.api.request('PUT', '/api/v1/sla-policy', { token: tech, body: policy(60) })).status).toBe(403);
    await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(60) });
  });
});

describe('SLA report', () => {
  it('counts met and still-running tickets by priority and technician', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const me = (await server.api.request('GET', '/api/v1/me', { token: tech })).body;
    const a = (await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary: 'Keyboard dead', priority: 'low' } })).body;
    await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary: 'Mouse dead', priority: 'low' } });
    await server.api.request('POST', `/api/v1/tickets/${a.id}/comments`, { token: admin, body: { body: 'Replaced it' } });
    await server.api.request('PATCH', `/api/v1/tickets/${a.id}`, { token: tech, body: { status: 'resolved', assigneeId: me.id } });
    const to = new Date(Date.now() + 1000).toISOString();
    const r = await server.api.request('GET', `/api/v1/reports/sla?from=${from}&to=${to}`, { token: tech });
    expect(r.status).toBe(200);
    expect(r.body.byPriority.low).toEqual({ met: 1, breached: 0, open: 1, compliancePct: 100 });
    expect(r.body.byTechnician).toEqual(expect.arrayContaining([expect.objectContaining({ technician: 'tia', met: 1 })]));
  });
  it('refuses a missing or reversed period', async () => {
    expect((await server.api.request('GET', '/api/v1/reports/sla', { token: tech })).status).toBe(400);
    const rev = await server.api.request('GET', '/api/v1/reports/sla?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { token: tech });
    expect(rev.body.error.message).toContain('query.to');
  });
  it('takes plain dates (the last day included), and gives weeks, response and resolution times, breaches and a CSV', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await server.api.request('GET', `/api/v1/reports/sla?from=${today}&to=${today}`, { token: tech });
    expect(r.status).toBe(200);
    expect(r.body.from).toBe(`${today}T00:00:00.000Z`);
    expect(Date.parse(r.body.to) - Date.parse(r.body.from)).toBe(86_400_000);
    expect(r.body.total.met + r.body.total.open).toBeGreaterThanOrEqual(2);
    expect(r.body.byWeek).toHaveLength(1);
    const monday = new Date(Date.parse(`${today}T00:00:00Z`) - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    expect(r.body.byWeek[0].week).toBe(monday);
    expect(r.body.times.firstResponse.count).toBeGreaterThanOrEqual(1);
    expect(r.body.times.resolution).toMatchObject({ count: expect.any(Number), p50: expect.any(Number), p90: expect.any(Number) });
    expect(r.body.times.resolution.p50).toBeLessThanOrEqual(r.body.times.resolution.p90);
    expect(r.body.breaches).toEqual([]);

    const csv = await fetch(`${server.url}/api/v1/reports/sla.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${tech}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`sla-${today}`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"by","key","met","breached","open","compliance_pct"');
    expect(lines).toContainEqual(expect.stringMatching(/^"priority","low",/));
    expect(lines).toContainEqual(expect.stringMatching(/^"channel","web",/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^"week","${monday}",`)));

    for (const bad of ['from=2026-13-01&to=2026-12-01', 'from=yesterday&to=today', 'from=2026-12-02&to=2026-12-01T00:00:00Z']) {
      const refused = await server.api.request('GET', `/api/v1/reports/sla?${bad}`, { token: tech });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.message, bad).toMatch(/query\.(from|to)/);
    }
  });
  it('previews a policy change for admins only, refusing a bad policy', async () => {
    const current = (await server.api.request('GET', '/api/v1/sla-policy', { token: tech })).body;
    const same = await server.api.request('POST', '/api/v1/sla-policy/preview', { token: admin, body: current });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ changed: 0, becomeBreached: 0, examples: [] });
    expect(same.body.tickets).toBeGreaterThanOrEqual(1);
    expect((await server.api.request('POST', '/api/v1/sla-policy/preview', { token: tech, body: current })).status).toBe(403);
    const bad = await server.api.request('POST', '/api/v1/sla-policy/preview', { token: admin, body: { ...current, calendar: { timeZone: 'Mars/Olympus', weekly: [[], [], [], [], [], [], []] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.calendar');
    expect((await server.api.request('GET', '/api/v1/sla-policy', { token: tech })).body).toEqual(current);
  });
});
