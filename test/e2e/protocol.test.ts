import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, LIMITS, MAX_FRAME_BYTES } from '../../shared/protocol/index.js';
import { sampleInventory } from '../fixtures/inventory.js';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { waitFor } from '../helpers/agent.js';
import { enrollDevice as enrollDeviceWith, rawAgent as rawAgentWith, RawAgent as RawAgentOf, type Device } from '../helpers/rawAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
});
afterAll(() => server.stop());

const enrollDevice = () => enrollDeviceWith(server, admin);
const rawAgent = (greet: boolean) => rawAgentWith(server, admin, greet);
class RawAgent extends RawAgentOf {
  constructor(device: Device, authorization?: string) {
    super(server, device, authorization);
  }
}

describe('agent socket authentication', () => {
  it('refuses a wrong secret in the upgrade with 401', async () => {
    const d = await enrollDevice();
    const a = new RawAgent({ ...d, deviceSecret: 'dsd_wrong' });
    await expect(a.opened).rejects.toThrow('HTTP 401');
  });
  it('refuses a missing credential', async () => {
    const a = new RawAgent({ deviceId: 'x', deviceSecret: 'y', hostname: 'sim' }, 'Bearer nonsense');
    await expect(a.opened).rejects.toThrow('HTTP 401');
  });
});

describe('bad frames', () => {
  let good: RawAgent;
  let goodDevice: Device;

  beforeAll(async () => {
    goodDevice = await enrollDevice();
    good = new RawAgent(goodDevice);
    await good.opened;
    good.hello(goodDevice);
    await good.next('welcome');
  });

  it('answers invalid JSON, unknown types and schema violations with coded errors', async () => {
    const { a } = await rawAgent(true);
    a.send('{not json');
    a.send({ type: 'format.disk' });
    a.send({ type: 'heartbeat', seq: 'one' });
    await waitFor('three errors', () => a.messages.filter((m) => m.type === 'error').length === 3);
    expect(a.messages.filter((m) => m.type === 'error').map((m) => m.code)).toEqual(['invalid_frame', 'unknown_type', 'invalid_frame']);
    expect(a.closed).toBeNull();
  });

  it('closes a socket after repeated invalid frames', async () => {
    const { a, d } = await rawAgent(false);
    for (let i = 0; i < LIMITS.agentBadFramesMax; i++) a.send('garbage');
    expect((await a.whenClosed()).code).toBe(CloseCode.protocolViolation);
  });

  it('requires hello first', async () => {
    const { a, d } = await rawAgent(false);
    a.send({ type: 'heartbeat', seq: 1, sentAt: Date.now() });
    expect((await a.next('error')).code).toBe('hello_required');
  });

  it('refuses an unsupported protocol version with a coded close', async () => {
    const { a, d } = await rawAgent(false);
    a.hello(d, 99);
    expect((await a.next('error')).code).toBe('unsupported_protocol');
    expect((await a.whenClosed()).code).toBe(CloseCode.unsupportedProtocol);
  });

  it('closes an oversized frame before buffering it', async () => {
    const { a, d } = await rawAgent(false);
    a.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await a.whenClosed()).code).toBe(1009);
  });

  it('closes a flooding socket', async () => {
    const { a } = await rawAgent(true);
    for (let i = 0; i < LIMITS.agentMessagesBurst * 3; i++) a.send({ type: 'heartbeat', seq: i, sentAt: Date.now() });
    expect((await a.whenClosed()).code).toBe(CloseCode.rateLimited);
  });

  it('rejects an inventory whose hash does not match its document', async () => {
    const { a } = await rawAgent(true);
    a.send({ type: 'inventory', hash: 'a'.repeat(64), document: sampleInventory() });
    expect((await a.next('error')).message).toContain('hash');
  });

  it('keeps serving well-behaved agents meanwhile', async () => {
    const document = sampleInventory();
    good.send({ type: 'inventory', hash: inventoryHash(document), document });
    await good.next('inventory.ack');
    good.send({ type: 'heartbeat', seq: 1, sentAt: Date.now() });
    expect((await good.next('heartbeat.ack')).seq).toBe(1);
    expect(good.closed).toBeNull();
    const dev = await server.api.request('GET', `/api/v1/devices/${goodDevice.deviceId}`, { token: admin });
    expect(dev.body).toMatchObject({ online: true, inventory: { os: { hostname: 'pc-0042' } } });
  });

  it('creates one ticket for a get-help request however often it is resent', async () => {
    const request = { type: 'ticket.create', requestId: '0b6f6a38-2f7d-4a51-9a35-3f0f1c2d4e5a', summary: 'Sent twice', details: '', urgency: 'low', osUser: 'alice', diagnostics: null };
    good.send(request);
    good.send(request);
    const answers = await waitFor('two answers', () => {
      const a = good.messages.filter((m) => m.type === 'ticket.created');
      return a.length === 2 ? a : null;
    });
    expect(answers[0].ticketId).toBe(answers[1].ticketId);
    const list = await server.api.request('GET', '/api/v1/tickets?q=Sent%20twice', { token: admin });
    expect(list.body).toHaveLength(1);
  });

  it('asks for the whole document when an unchanged-hash ping names one it does not hold', async () => {
    good.send({ type: 'inventory.unchanged', hash: 'b'.repeat(64) });
    await good.next('inventory.request');
  });
});

/** Resident memory of a process, from /proc (Linux). */
const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describe('an agent sending faster than its messages are handled', () => {
  it('sheds the oldest waiting reports with a log line; memory stays flat and the newest report wins', async () => {
    const { a, d } = await rawAgent(true);
    // 15,000 packages whose versions all change in every report: each is costly to store, and
    // 18 a second stay within the message allowance (20/s), so nothing refuses them.
    const names = Array.from({ length: 15_000 }, (_, i) => `package-${String(i).padStart(5, '0')}`);
    const report = (round: number) => {
      const document = sampleInventory({ software: names.map((name) => ({ name, version: `1.${round}.0` })) });
      return JSON.stringify({ type: 'inventory', hash: inventoryHash(document), document });
    };
    // Memory after a warm-up (the heap grows to its working size), then its peak: a queue that
    // keeps every report grows by ~2 MB a report here (measured: +150 MB from report 40 to 120);
    // the bounded one levels off (+56 MB, garbage the collector has not taken yet; up to +115 MB
    // seen on a loaded machine, where the collector runs later). 160 reports past the warm-up
    // would grow a keep-everything queue by ~300 MB: the limit below sits well between the two.
    const rounds = 200;
    const warmUp = 40;
    let settled = 0;
    let peak = 0;
    for (let round = 1; round <= rounds; round++) {
      a.send(report(round));
      if (round === warmUp) settled = rssBytes(server.pid);
      if (round > warmUp) peak = Math.max(peak, rssBytes(server.pid));
      await new Promise((r) => setTimeout(r, 1000 / 18));
    }
    expect(a.closed).toBeNull();
    await waitFor('the dropped reports logged', () => /dropped the oldest waiting/.test(server.output()), 10_000);
    const metrics = (await server.api.request('GET', '/metrics')).body as string;
    expect(Number(/deskside_agent_messages_dropped_total\{type="inventory"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
    // The last report is the one that counts, and it is stored.
    await waitFor('the newest report stored', async () => {
      const dev = (await server.api.request('GET', `/api/v1/devices/${d.deviceId}`, { token: admin })).body;
      return dev.inventory?.software?.[0]?.version === `1.${rounds}.0`;
    }, 30_000);
    expect(peak - settled).toBeLessThan(170 * 1024 * 1024);
    a.ws.close();
    // 200 large reports take 11 s to send; storing the last one waits behind a busy machine's others.
  }, 120_000);
});
