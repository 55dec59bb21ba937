import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sectionHashes } from '../../shared/inventoryHash.js';
import { inVersionRange, parseVersionRange } from '../../shared/versionRange.js';
import { sampleDiagnostics } from '../../test/fixtures/diagnostics.js';
import { sampleInventory } from '../../test/fixtures/inventory.js';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

describe.each(STORES)('Store contract, inventory filters: %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  const now = () => new Date().toISOString();
  const device = async (hostname: string, software: { name: string; version: string | null }[]) => {
    const id = randomUUID();
    await store.devices.create({ id, hostname, platform: 'linux', agentVersion: '0.1.0', secretHash: 'h'.repeat(64), enrolledAt: now() });
    const doc = { ...sampleInventory(), software };
    await store.devices.saveInventory(id, { document: doc, hash: hostname, sectionHashes: sectionHashes(doc), changed: ['software'], software, at: now() });
    return id;
  };

  it('finds versions in a range as the TypeScript comparison does, on every engine', async () => {
    const versions = ['1.1.1', '1.1.1k', '1.1.1w', '1.1.10', '3.0.2', '3.0.9', '3.0.13', '3.1.0', '3.10.1', '30.0', '1:3.0.7-1ubuntu', null];
    const hosts = new Map<string, string | null>();
    for (const [i, version] of versions.entries()) hosts.set(await device(`pc-${i}`, [{ name: 'OpenSSL', version }, { name: 'zlib', version: '1.3' }]), version);
    const ranges = ['3.0.x', '3.x', '1.1.1', '>=3.0 <3.1', '<1.1.1w', '>3.0.9', '<=3.0.13', '=3.0.2', '>1.1.1 <=1.1.10', '>=30'];
    for (const range of ranges) {
      const parsed = parseVersionRange(range);
      if ('error' in parsed) throw new Error(parsed.error);
      const expected = [...hosts].filter(([, v]) => inVersionRange(v, parsed)).map(([id]) => id).sort();
      const got = (await store.devices.list({ software: 'openssl', softwareVersion: range, limit: 100, offset: 0 })).devices.map((d) => d.id).sort();
      expect({ range, got }).toEqual({ range, got: expected });
    }
    // The range applies to the package named, not to another one on the same PC.
    expect((await store.devices.list({ software: 'zlib', softwareVersion: '>=3.0', limit: 100, offset: 0 })).total).toBe(0);
  });

  it("keeps each PC's findings from its latest diagnostics and filters on them", async () => {
    await store.users.create({ id: 'req', username: 'emma', role: 'employee', passwordHash: 'x', createdAt: now() });
    const [a, b] = [await device('pc-a', []), await device('pc-b', [])];
    const ticket = (deviceId: string) =>
      store.tickets.create({ summary: 's', details: '', priority: 'normal', status: 'new', requesterId: 'req', createdById: 'req', deviceId, idempotencyKey: null, createdAt: now(), channel: 'agent' });
    const finding = (code: string) => ({ code, severity: 'warning' as const, message: code });
    await store.tickets.attachDiagnostics(await ticket(a), sampleDiagnostics(), [finding('disk_full'), finding('reboot_pending'), finding('disk_full')]);
    await store.tickets.attachDiagnostics(await ticket(b), sampleDiagnostics(), [finding('memory_high')]);
    const ids = async (code: string) => (await store.devices.list({ finding: code, limit: 10, offset: 0 })).devices.map((d) => d.id);
    expect(await ids('disk_full')).toEqual([a]);
    expect(await ids('memory_high')).toEqual([b]);
    expect(await ids('disk')).toEqual([]);
    expect((await store.devices.findById(a))?.findings).toEqual(['disk_full', 'reboot_pending']);

    // A newer bundle replaces the PC's findings: the disk was cleaned up.
    await store.tickets.attachDiagnostics(await ticket(a), sampleDiagnostics(), []);
    expect(await ids('disk_full')).toEqual([]);
    expect((await store.devices.findById(a))?.findings).toEqual([]);
  });

  it('counts PCs per package and per version, a version reported twice once, and leaves revoked PCs out', async () => {
    const a = await device('pc-a', [{ name: 'linux-image', version: '6.1.0' }, { name: 'linux-image', version: '6.1.2' }, { name: 'bash', version: '5.2' }, { name: 'bash', version: '5.2' }]);
    await device('pc-b', [{ name: 'linux-image', version: '6.1.2' }, { name: 'bash', version: '5.2' }]);
    const c = await device('pc-c', [{ name: 'bash', version: null }]);
    const view = async () => (await store.devices.software({ limit: 10, offset: 0 })).items;
    expect(await view()).toEqual([
      { name: 'bash', devices: 3, versions: [{ version: '5.2', devices: 2 }, { version: null, devices: 1 }] },
      { name: 'linux-image', devices: 2, versions: [{ version: '6.1.2', devices: 2 }, { version: '6.1.0', devices: 1 }] },
    ]);
    // A new report rewrites what changed: the old kernel is gone.
    const doc = { ...sampleInventory(), software: [{ name: 'linux-image', version: '6.1.2' }, { name: 'bash', version: '5.2' }] };
    await store.devices.saveInventory(a, { document: doc, hash: 'a2', sectionHashes: sectionHashes(doc), changed: ['software'], software: doc.software, at: now() });
    expect((await view()).find((p) => p.name === 'linux-image')).toEqual({ name: 'linux-image', devices: 2, versions: [{ version: '6.1.2', devices: 2 }] });
    await store.devices.revoke(c, now());
    expect((await view())[0]).toEqual({ name: 'bash', devices: 2, versions: [{ version: '5.2', devices: 2 }] });
    expect((await store.devices.software({ q: 'LINUX', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('turns pages of every sort, either way, into the whole list in order, empty values last', async () => {
    for (let i = 0; i < 23; i++) {
      const id = randomUUID();
      await store.devices.create({ id, hostname: ['vm', 'VM', `pc-${i}`][i % 3]!, platform: 'linux', agentVersion: '0.1.0', secretHash: 'h'.repeat(64), enrolledAt: now() });
      // Every fourth PC has sent no inventory yet: no address, user or serial.
      if (i % 4 === 3) continue;
      const base = sampleInventory();
      const doc = { ...base, network: [{ ...base.network[0]!, ipv4: [`10.0.${i % 5}.${i}`] }], users: [{ user: `user${i % 6}`, terminal: 'tty2', loginAt: null }] };
      await store.devices.saveInventory(id, { document: doc, hash: `h${i}`, sectionHashes: sectionHashes(doc), changed: [], software: [], at: now() });
    }
    for (const sort of ['name', 'ip', 'user', 'serial'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = await store.devices.list({ sort, order, limit: 100, offset: 0 });
        expect(whole.total).toBe(23);
        const pages: typeof whole.devices = [];
        for (let offset = 0; offset < 23; offset += 5) pages.push(...(await store.devices.list({ sort, order, limit: 5, offset })).devices);
        expect({ sort, order, pages: pages.map((d) => [d.id, d.ipAddress, d.loggedUser, d.hardware?.cpu ?? null]) }).toEqual({ sort, order, pages: whole.devices.map((d) => [d.id, d.ipAddress, d.loggedUser, d.hardware?.cpu ?? null]) });
        const key = (d: (typeof whole.devices)[number]) => ({ name: d.name ?? d.hostname, ip: d.ipAddress, user: d.loggedUser, serial: d.serial })[sort];
        const empties = whole.devices.map((d) => key(d) === null);
        expect(empties).toEqual([...empties].sort((a, b) => Number(a) - Number(b)));
      }
    }
    expect((await store.devices.list({ sort: 'ip', limit: 3, offset: 0 })).devices.map((d) => d.ipAddress)).toEqual(['10.0.0.0', '10.0.0.10', '10.0.0.20']);
  });
});
