import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInventory } from '../fixtures/inventory.js';
import { waitFor } from '../helpers/agent.js';
import { FAKETIME_LIB } from '../helpers/cluster.js';
import { enrollDevice, reportInventory, type Device, type RawAgent } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SmtpReceiver } from '../helpers/smtp.js';

/**
 * Alert rules on real PCs (protocol clients reporting inventories) against the built server.
 * The server's clock runs sixty times faster (libfaketime; timers keep real time), so "offline
 * for 2 minutes" takes two seconds; the rules are looked at every second.
 */
let server: TestServer;
let admin: string;
let tech: string;
const receiver = new SmtpReceiver();
const agents: RawAgent[] = [];

beforeAll(async () => {
  await receiver.start();
  server = await startTestServer({
    DESKSIDE_ALERT_SECONDS: '1',
    DESKSIDE_SMTP_URL: `smtp://127.0.0.1:${receiver.port}`,
    DESKSIDE_MAIL_FROM: 'helpdesk@example.com',
    LD_PRELOAD: FAKETIME_LIB,
    FAKETIME: '+0 x60',
    DONT_FAKE_MONOTONIC: '1',
  });
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123', email: 'tia@example.com' } });
  tech = await server.api.login('tia', 'password-123');
}, 60_000);
afterAll(async () => {
  for (const a of agents) a.ws.close();
  await server?.stop();
  await receiver.dispose();
});

const GB = 1e9;
/** The PC reports an inventory (on a fresh connection, as after a restart of its agent). */
async function report(d: Device, o: { usedPct: number; software?: string[] }) {
  agents.pop()?.ws.close();
  const base = sampleInventory();
  const doc = sampleInventory({
    os: { ...base.os, hostname: d.hostname },
    disks: { physical: [], filesystems: [{ mount: '/', fs: '/dev/sda2', type: 'ext4', sizeBytes: 100 * GB, usedBytes: o.usedPct * GB }] },
    software: (o.software ?? ['bash']).map((name) => ({ name, version: '1.0' })),
  });
  agents.push(await reportInventory(server, d, doc));
}
const api = (method: string, p: string, body?: unknown, token = admin) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
const alerts = async (query = '') => (await api('GET', `/api/v1/alerts?${query}`, undefined, tech)).body as any[];

describe('alert rules', () => {
  it('refuses rules that do not read, and lets only admins keep them', async () => {
    expect(await api('POST', '/api/v1/alert-rules', { name: 'x', condition: { kind: 'disk', minPct: 150 }, action: 'ticket' })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('body.condition.minPct') } },
    });
    expect((await api('POST', '/api/v1/alert-rules', { name: 'x', condition: { kind: 'cpu' }, action: 'ticket' })).body.error.message).toContain('body.condition.kind');
    expect((await api('POST', '/api/v1/alert-rules', { name: 'x', condition: { kind: 'finding', code: 'on_fire' }, action: 'ticket' })).status).toBe(400);
    expect((await api('POST', '/api/v1/alert-rules', { name: 'x', condition: { kind: 'offline', minutes: 5 }, action: 'page' })).body.error.message).toContain('body.action');
    expect((await api('POST', '/api/v1/alert-rules', { name: 'x', condition: { kind: 'offline', minutes: 5 }, action: 'ticket' }, tech)).status).toBe(403);
    expect((await api('PUT', '/api/v1/alert-rules/999', { name: 'x', condition: { kind: 'offline', minutes: 5 }, action: 'ticket' })).status).toBe(404);
    expect((await api('GET', '/api/v1/alert-rules', undefined, tech)).body).toEqual([]);
  });

  it('opens one ticket for a full disk while it lasts, and resolves it when the disk is cleaned up', async () => {
    const rule = (await api('POST', '/api/v1/alert-rules', { name: 'Disk nearly full', condition: { kind: 'disk', minPct: 90 }, action: 'ticket', priority: 'high' })).body;
    expect(rule).toMatchObject({ id: expect.any(Number), group: null, forMinutes: 0, enabled: true, createdBy: 'admin' });
    const pc = await enrollDevice(server, admin, 'pc-full');
    await report(pc, { usedPct: 95 });
    const alert = await waitFor('the disk alert', async () => (await alerts()).find((a) => a.deviceId === pc.deviceId && a.ticketId));
    expect(alert).toMatchObject({ rule: 'Disk nearly full', device: 'pc-full', state: 'active', detail: '/ is 95% full' });
    const ticket = (await api('GET', `/api/v1/tickets/${alert.ticketId}`, undefined, tech)).body;
    expect(ticket).toMatchObject({ summary: 'Disk nearly full: pc-full', channel: 'alert', priority: 'high', deviceId: pc.deviceId, requester: { username: 'deskside-alerts' } });

    // Still full at the next looks: still one alert, one ticket.
    await report(pc, { usedPct: 97 });
    await waitFor('the detail to follow', async () => ((await alerts()).find((a) => a.id === alert.id)?.detail === '/ is 97% full' ? true : undefined));
    const alertTickets = (await api('GET', '/api/v1/tickets?limit=100', undefined, tech)).body.filter((t: any) => t.channel === 'alert');
    expect(alertTickets).toHaveLength(1);

    await report(pc, { usedPct: 40 });
    await waitFor('the alert to resolve', async () => ((await alerts('state=resolved')).some((a) => a.id === alert.id) ? true : undefined));
    const after = (await api('GET', `/api/v1/tickets/${alert.ticketId}`, undefined, tech)).body;
    expect(after.status).toBe('resolved');
    expect(after.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['alert_cleared', 'status']));
    expect(after.timeline.find((e: any) => e.type === 'alert_cleared').data).toMatchObject({ rule: 'Disk nearly full', detail: '/ is 97% full' });
    // Full again: a new alert and a new ticket.
    await report(pc, { usedPct: 99 });
    const again = await waitFor('a second alert', async () => (await alerts()).find((a) => a.deviceId === pc.deviceId && a.ticketId && a.ticketId !== alert.ticketId));
    expect(again.id).not.toBe(alert.id);
    await api('DELETE', `/api/v1/alert-rules/${rule.id}`);
  });

  it('emails the technicians when antivirus is missing, once, and only on the PCs of its group', async () => {
    const rule = (await api('POST', '/api/v1/alert-rules', { name: 'Antivirus missing', condition: { kind: 'software_absent', name: 'ClamAV' }, action: 'notify', group: 'finance' })).body;
    const [bare, guarded, elsewhere] = [await enrollDevice(server, admin, 'fin-1'), await enrollDevice(server, admin, 'fin-2'), await enrollDevice(server, admin, 'lab-1')];
    await api('PATCH', `/api/v1/devices/${bare.deviceId}`, { group: 'finance' });
    await api('PATCH', `/api/v1/devices/${guarded.deviceId}`, { group: 'finance' });
    await report(bare, { usedPct: 10, software: ['bash'] });
    await report(guarded, { usedPct: 10, software: ['bash', 'clamav-daemon'] });
    await report(elsewhere, { usedPct: 10, software: ['bash'] });
    const alertMail = () => receiver.to('tia@example.com').filter((m) => m.mail.subject?.startsWith('[Alert]'));
    const mail = await waitFor('the alert email', async () => (alertMail().length ? alertMail() : undefined));
    expect(mail[0]!.mail.subject).toBe('[Alert] Antivirus missing: fin-1');
    expect(mail[0]!.mail.text).toContain('no "ClamAV" installed');
    const active = await alerts(`rule=${rule.id}`);
    expect(active.map((a) => a.device)).toEqual(['fin-1']);
    expect(active[0].ticketId).toBeNull();
    await new Promise((r) => setTimeout(r, 2500));
    expect(alertMail()).toHaveLength(1);
    // Turned off: its alert ends at the next look.
    await api('PUT', `/api/v1/alert-rules/${rule.id}`, { ...rule, id: undefined, createdAt: undefined, createdBy: undefined, enabled: false });
    await waitFor('the alert to end', async () => ((await alerts(`rule=${rule.id}&state=resolved`)).length === 1 ? true : undefined));
  });

  it('raises an alert for a PC offline longer than the rule says, and ends it when the PC is back', async () => {
    const rule = (await api('POST', '/api/v1/alert-rules', { name: 'Offline', condition: { kind: 'offline', minutes: 2 }, action: 'ticket', group: 'kiosk' })).body;
    const pc = await enrollDevice(server, admin, 'kiosk-1');
    await api('PATCH', `/api/v1/devices/${pc.deviceId}`, { group: 'kiosk' });
    await report(pc, { usedPct: 10 });
    agents.pop()!.ws.close();
    const alert = await waitFor('the offline alert', async () => (await alerts(`rule=${rule.id}`)).find((a) => a.ticketId));
    expect(alert.detail).toMatch(/^offline for \d+ minutes/);
    await report(pc, { usedPct: 10 });
    await waitFor('the alert to end', async () => ((await alerts(`rule=${rule.id}&state=resolved`)).length === 1 ? true : undefined));
    const audit = (await api('GET', '/api/v1/audit?q=alert_rule')).body.map((e: any) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['alert_rule.create', 'alert_rule.update', 'alert_rule.delete']));
  });

  it('watches memory in use and a restart pending for days from the agents\' health reports', async () => {
    const memory = (await api('POST', '/api/v1/alert-rules', { name: 'Memory pressure', condition: { kind: 'memory', minPct: 90 }, action: 'ticket' })).body;
    const reboot = (await api('POST', '/api/v1/alert-rules', { name: 'Restart overdue', condition: { kind: 'reboot_pending', days: 7 }, action: 'ticket' })).body;
    const pc = await enrollDevice(server, admin, 'pc-busy');
    await report(pc, { usedPct: 10 });
    agents.at(-1)!.send({ type: 'health', memoryUsedPct: 97.2, rebootPendingSince: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    const high = await waitFor('the memory alert', async () => (await alerts(`rule=${memory.id}`)).find((a) => a.deviceId === pc.deviceId && a.ticketId));
    expect(high.detail).toBe('97% of memory in use');
    const overdue = await waitFor('the restart alert', async () => (await alerts(`rule=${reboot.id}`)).find((a) => a.deviceId === pc.deviceId && a.ticketId));
    expect(overdue.detail).toMatch(/^a restart has been pending for 10 days/);
    // Later, on a fresh connection (the server's fast clock soon drops a socket without
    // heartbeats): a report that does not read is refused, the next one is heard.
    await report(pc, { usedPct: 10 });
    agents.at(-1)!.send({ type: 'health', memoryUsedPct: 140, rebootPendingSince: 'yesterday' });
    agents.at(-1)!.send({ type: 'health', memoryUsedPct: 35, rebootPendingSince: null });
    await waitFor('both alerts to end', async () => ((await alerts('state=resolved')).filter((a) => a.id === high.id || a.id === overdue.id).length === 2 ? true : undefined));
    await api('DELETE', `/api/v1/alert-rules/${memory.id}`);
    await api('DELETE', `/api/v1/alert-rules/${reboot.id}`);
  });
});
