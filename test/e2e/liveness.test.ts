import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol/index.js';
import { waitFor } from '../helpers/agent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  // One-second heartbeats: a silent socket is dropped after about three seconds.
  server = await startTestServer({ DESKSIDE_HEARTBEAT_SECONDS: '1' });
  admin = await server.api.login();
});
afterAll(() => server.stop());

/** An enrolled device's socket after hello; `answerPings: false` plays a peer that vanished without a close. */
async function connect(answerPings: boolean): Promise<{ id: string; ws: WebSocket; closed: () => boolean; pings: () => number }> {
  const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
  const { deviceId, deviceSecret } = (
    await server.api.request('POST', '/api/v1/enroll', { body: { token: t.body.token, hostname: 'pc', platform: 'linux', agentVersion: '0.1.0' } })
  ).body;
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/agent`, {
    headers: { Authorization: `Basic ${Buffer.from(`${deviceId}:${deviceSecret}`).toString('base64')}` },
    autoPong: answerPings,
  });
  let closed = false;
  let pings = 0;
  ws.on('close', () => (closed = true));
  ws.on('ping', () => (pings += 1));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, agentVersion: '0.1.0', deviceId, hostname: 'pc', platform: 'linux' }));
  await waitFor('welcome', async () => (await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online);
  return { id: deviceId, ws, closed: () => closed, pings: () => pings };
}

describe('agent liveness', () => {
  it('drops a silent peer, keeps one that heartbeats or answers pings, and records who is offline', async () => {
    const [gone, pongs, beats] = await Promise.all([connect(false), connect(true), connect(false)]);
    const timer = setInterval(() => beats.ws.send(JSON.stringify({ type: 'heartbeat', seq: 1, sentAt: Date.now() })), 300);
    try {
      await waitFor('the silent socket dropped', () => gone.closed(), 8000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(pongs.closed()).toBe(false);
      expect(pongs.pings()).toBeGreaterThan(0);
      expect(beats.closed()).toBe(false);
      // An agent that heartbeats is never pinged: a fleet's sockets cost no extra writes.
      expect(beats.pings()).toBe(0);
      const offline = await server.api.request('GET', '/api/v1/devices?online=false', { token: admin });
      expect(offline.body.map((d: { id: string }) => d.id)).toContain(gone.id);
      const online = await server.api.request('GET', '/api/v1/devices?online=true', { token: admin });
      expect(online.body.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([pongs.id, beats.id]));
    } finally {
      clearInterval(timer);
      for (const c of [gone, pongs, beats]) c.ws.terminate();
    }
  });
});
