import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { sampleDiagnostics } from '../fixtures/diagnostics.js';
import { sampleInventory } from '../fixtures/inventory.js';
import { rawAgent, reportInventory, type Device, type RawAgent } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;
const agents: RawAgent[] = [];
const documents: ReturnType<typeof sampleInventory>[] = [];
const ids: Record<string, string> = {};
const devices: Device[] = [];

/** Four PCs all named "vm": told apart by address, user, serial, and OpenSSL version. */
const PCS = [
  { user: 'ann', ip: '10.0.0.14', serial: 'S-1', openssl: '3.0.2' },
  { user: 'ben', ip: '10.0.0.12', serial: 'S-3', openssl: '3.0.13' },
  { user: 'cat', ip: '10.0.0.11', serial: 'S-4', openssl: '3.1.0' },
  { user: 'dan', ip: '10.0.0.13', serial: 'To be filled by O.E.M.', openssl: null },
];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123' } });
  tech = await server.api.login('tia', 'password-123');
  for (const pc of PCS) {
    const { a, d } = await rawAgent(server, admin, true, 'vm');
    const document = sampleInventory({
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0', arch: 'x64', hostname: 'vm' },
      system: { manufacturer: 'QEMU', model: 'Standard PC', serial: pc.serial, uuid: null },
      network: [
        { iface: 'lo', mac: null, ipv4: ['127.0.0.1'], ipv6: [], speedMbps: null, virtual: true },
        { iface: 'docker0', mac: null, ipv4: ['172.17.0.1'], ipv6: [], speedMbps: null, virtual: true },
        { iface: 'eth0', mac: '52:54:00:00:00:01', ipv4: [pc.ip], ipv6: [], speedMbps: 1000, virtual: false },
      ],
      users: [{ user: pc.user, terminal: 'tty2', loginAt: null }],
      software: [{ name: 'bash', version: '5.2.15' }, ...(pc.openssl ? [{ name: 'openssl', version: pc.openssl }] : [])],
    });
    a.send({ type: 'inventory', hash: inventoryHash(document), document });
    await a.next('inventory.ack');
    agents.push(a);
    documents.push(document);
    ids[pc.user] = d.deviceId;
    devices.push(d);
  }
});
afterAll(async () => {
  for (const a of agents) a.ws.close();
  await server.stop();
});

const list = async (query: string) => {
  const r = await server.api.request('GET', `/api/v1/devices?${query}`, { token: tech });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { users: (r.body as { loggedUser: string }[]).map((d) => d.loggedUser), total: Number(r.headers.get('x-total-count')), body: r.body };
};

describe('the inventory list', () => {
  it('shows address, signed-in user and serial for each PC, and sorts by any of them either way', async () => {
    const { body } = await list('q=vm&sort=ip');
    expect(body.map((d: { ipAddress: string }) => d.ipAddress)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']);
    expect(body[0]).toMatchObject({ hostname: 'vm', name: null, loggedUser: 'cat', serial: 'S-4' });
    // A placeholder serial is none at all, and sorts last either way.
    expect((await list('sort=serial')).users).toEqual(['ann', 'ben', 'cat', 'dan']);
    expect((await list('sort=serial&order=desc')).users).toEqual(['cat', 'ben', 'ann', 'dan']);
    expect((await list('sort=user&order=desc')).users).toEqual(['dan', 'cat', 'ben', 'ann']);
    const bad = await server.api.request('GET', '/api/v1/devices?sort=colour', { token: tech });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('query.sort') } } });
  });

  it('pages on the server with the total, and finds a PC by address, user or serial', async () => {
    const first = await list('sort=user&limit=2&offset=0');
    const second = await list('sort=user&limit=2&offset=2');
    expect([first.total, second.total]).toEqual([4, 4]);
    expect([...first.users, ...second.users]).toEqual(['ann', 'ben', 'cat', 'dan']);
    expect((await list('q=10.0.0.12')).users).toEqual(['ben']);
    expect((await list('q=CAT')).users).toEqual(['cat']);
    expect((await list('q=s-1')).users).toEqual(['ann']);
  });

  it('finds the PCs that run a package in a version range', async () => {
    expect((await list('software=openssl&softwareVersion=3.0.&sort=user')).users).toEqual(['ann', 'ben']);
    expect((await list('software=openssl&softwareVersion=3.0.x&sort=user')).users).toEqual(['ann', 'ben']);
    expect((await list('software=openssl&softwareVersion=3.1&sort=user')).users).toEqual(['cat']);
    expect((await list('software=OpenSSL&sort=user')).users).toEqual(['ann', 'ben', 'cat']);
    // The version is a prefix, not a pattern.
    expect((await list('software=openssl&softwareVersion=3_0')).users).toEqual([]);
    // Comparisons go by version, not by text: 3.0.13 is after 3.0.2.
    const range = (r: string) => list(`software=openssl&softwareVersion=${encodeURIComponent(r)}&sort=user`);
    expect((await range('>3.0.2')).users).toEqual(['ben', 'cat']);
    expect((await range('>=3.0 <3.1')).users).toEqual(['ann', 'ben']);
    expect((await range('<3.0.13')).users).toEqual(['ann']);
    expect((await server.api.request('GET', `/api/v1/devices/export?format=json&software=openssl&softwareVersion=${encodeURIComponent('>=3.0.13')}`, { token: tech })).body.map((d: { loggedUser: string }) => d.loggedUser).sort()).toEqual(['ben', 'cat']);
    const bad = await server.api.request('GET', `/api/v1/devices?software=openssl&softwareVersion=${encodeURIComponent('>=3 >=4')}`, { token: tech });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: 'query.softwareVersion: give at most one lower bound (>= or >)' } } });
  });

  it('finds the PCs whose latest diagnostics found something, and says what', async () => {
    const GiB = 1024 ** 3;
    const help = async (i: number, diagnostics: ReturnType<typeof sampleDiagnostics>) => {
      const requestId = randomUUID();
      agents[i]!.send({ type: 'ticket.create', requestId, summary: 'Cannot save files', details: '', urgency: 'normal', osUser: PCS[i]!.user, diagnostics });
      await agents[i]!.answer(requestId);
    };
    await help(0, sampleDiagnostics({ filesystems: [{ mount: '/', sizeBytes: 100 * GiB, usedBytes: 99 * GiB }], pendingReboot: true }));
    await help(1, sampleDiagnostics({ pendingReboot: true }));
    expect((await list('finding=disk_full')).users).toEqual(['ann']);
    expect((await list('finding=reboot_pending&sort=user')).users).toEqual(['ann', 'ben']);
    expect((await list('finding=reboot_pending&software=openssl&softwareVersion=3.0.13')).users).toEqual(['ben']);
    expect((await list('q=ann')).body[0].findings).toEqual(['disk_full', 'reboot_pending']);
    expect(await server.api.request('GET', '/api/v1/devices?finding=Disk%20full', { token: tech })).toMatchObject({
      status: 400,
      body: { error: { message: 'query.finding: expected a finding code like disk_full' } },
    });
  });

  it('lists each package across the fleet with its versions', async () => {
    const r = await server.api.request('GET', '/api/v1/software?q=ssl', { token: tech });
    expect(r.headers.get('x-total-count')).toBe('1');
    expect(r.body).toEqual([
      { name: 'openssl', devices: 3, versions: expect.arrayContaining([{ version: '3.0.2', devices: 1 }, { version: '3.0.13', devices: 1 }, { version: '3.1.0', devices: 1 }]) },
    ]);
    const all = await server.api.request('GET', '/api/v1/software', { token: tech });
    expect(all.body[0]).toMatchObject({ name: 'bash', devices: 4, versions: [{ version: '5.2.15', devices: 4 }] });
    expect((await server.api.request('GET', '/api/v1/software?limit=0', { token: tech })).status).toBe(400);
  });

  it('lets an admin name a PC; the name shows first, sorts and is searched; null gives the hostname back', async () => {
    const rename = (body: unknown, token = admin) => server.api.request('PATCH', `/api/v1/devices/${ids.dan}`, { token, body });
    expect((await rename({ name: 'Reception' }, tech)).status).toBe(403);
    expect(await rename({ name: '   ' })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('name') } } });
    expect((await rename({ name: 'Reception' })).body).toMatchObject({ name: 'Reception', hostname: 'vm' });
    expect((await list('q=recep')).users).toEqual(['dan']);
    expect((await list('sort=name')).users[0]).toBe('dan');
    const audit = await server.api.request('GET', '/api/v1/audit?action=device.update&limit=5', { token: admin });
    expect(audit.body[0]).toMatchObject({ action: 'device.update', details: { name: 'Reception' } });
    expect((await rename({ name: null })).body.name).toBeNull();
  });

  it('exports every match in the list’s order as CSV or JSON', async () => {
    const csv = await fetch(`${server.url}/api/v1/devices/export?software=openssl&sort=ip`, { headers: { authorization: `Bearer ${tech}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="deskside-inventory-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^"id","name","hostname","ip_address","logged_user","serial","os",/);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['"10.0.0.11"', '"10.0.0.12"', '"10.0.0.14"']);
    const json = await fetch(`${server.url}/api/v1/devices/export?format=json&sort=user&order=desc`, { headers: { authorization: `Bearer ${tech}` } });
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(((await json.json()) as { loggedUser: string }[]).map((d) => d.loggedUser)).toEqual(['dan', 'cat', 'ben', 'ann']);
    const bad = await server.api.request('GET', '/api/v1/devices/export?format=xml', { token: tech });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('query.format') } } });
  });

  it('keeps a history that says what changed, item by item', async () => {
    const before = documents[0]!;
    const after = { ...before, memory: { totalBytes: 32e9, modules: [] }, software: [{ name: 'bash', version: '5.2.15' }, { name: 'openssl', version: '3.0.13' }, { name: 'vim', version: '9.0' }] };
    agents.push(await reportInventory(server, devices[0]!, after));
    const detail = (await server.api.request('GET', `/api/v1/devices/${ids.ann}`, { token: tech })).body;
    expect(detail.changes[0]).toMatchObject({ sections: expect.arrayContaining(['memory', 'software']), omitted: 0 });
    expect(detail.changes[0].items).toEqual([
      { section: 'memory', change: 'changed', item: 'memory', from: '16.0 GB', to: '32.0 GB' },
      { section: 'software', change: 'changed', item: 'openssl', from: '3.0.2', to: '3.0.13' },
      { section: 'software', change: 'added', item: 'vim', from: null, to: '9.0' },
    ]);
    // The fleet's software follows: ann now runs 3.0.13.
    expect((await list('software=openssl&softwareVersion=3.0.13&sort=user')).users).toEqual(['ann', 'ben']);
  });
});
