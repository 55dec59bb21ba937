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
    expect(r).toMatchObject({ status: 200, body: { calendar: null, targets: { high: { responseMinutes: 60 } } } });
  });

  it('applies a new target to open tickets at once', async () => {
    const t = (await server.api.request('POST', '/api/v1/tickets', { token: tech, body: { summary: 'Scanner offline', priority: 'high' } })).body;
    const put = await server.api.request('PUT', '/api/v1/sla-policy', { token: admin, body: policy(120) });
    expect(put.status).toBe(200);
    const after = (await server.api.request('GET', `/api/v1/tickets/${t.id}`, { token: tech })).body;
    expect(Date.parse(after.responseDueAt) - Date.parse(t.responseDueAt)).toBe(60 * 60_000);
    expect(after.updatedAt).toBe(t.updatedAt);
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
