import WebSocket from 'ws';
import type { InventoryDocument } from '../../shared/inventory.js';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/index.js';
import { waitFor } from './agent.js';
import type { TestServer } from './server.js';

export interface Device {
  deviceId: string;
  deviceSecret: string;
  hostname: string;
}

/** Enrolls a device through the API, as an agent would, with a one-use token. */
export async function enrollDevice(server: TestServer, admin: string, hostname = 'sim'): Promise<Device> {
  const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: admin, body: {} });
  const r = await server.api.request('POST', '/api/v1/enroll', { body: { token: t.body.token, hostname, platform: 'linux', agentVersion: '0.1.0' } });
  return { ...r.body, hostname };
}

/** A protocol client speaking raw frames, to send what a real agent never would. */
export class RawAgent {
  readonly messages: any[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  constructor(server: TestServer, device: Device, authorization?: string) {
    const auth = authorization ?? `Basic ${Buffer.from(`${device.deviceId}:${device.deviceSecret}`).toString('base64')}`;
    this.ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/agent`, { headers: { Authorization: auth } });
    this.ws.on('message', (d) => this.messages.push(JSON.parse(d.toString())));
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }
  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  hello(device: Device, protocol = PROTOCOL_VERSION) {
    this.send({ type: 'hello', protocol, agentVersion: '0.1.0', deviceId: device.deviceId, hostname: device.hostname, platform: 'linux' });
  }
  next(type: string) {
    return waitFor(`a ${type} frame`, () => this.messages.find((m) => m.type === type), 5000);
  }
  /** The answer to one request: its ticket.created, or the error frame that names it. */
  answer(requestId: string) {
    return waitFor(`the answer to ${requestId}`, () => this.messages.find((m) => m.requestId === requestId), 10_000);
  }
  whenClosed() {
    return waitFor('close', () => this.closed, 5000);
  }
}

/** An enrolled raw agent whose socket is open, after hello and welcome when `greet` is set. */
export async function rawAgent(server: TestServer, admin: string, greet: boolean, hostname = 'sim'): Promise<{ a: RawAgent; d: Device }> {
  const d = await enrollDevice(server, admin, hostname);
  const a = new RawAgent(server, d);
  await a.opened;
  if (greet) {
    a.hello(d);
    await a.next('welcome');
  }
  return { a, d };
}

/**
 * Sends an inventory report over a new connection of an enrolled device, as the agent does after
 * any pause (an earlier test connection may have been dropped meanwhile); the caller closes it.
 */
export async function reportInventory(server: TestServer, device: Device, document: InventoryDocument): Promise<RawAgent> {
  const a = new RawAgent(server, device);
  await a.opened;
  a.hello(device);
  await a.next('welcome');
  a.send({ type: 'inventory', hash: inventoryHash(document), document });
  await a.next('inventory.ack');
  return a;
}
