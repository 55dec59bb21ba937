import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentProcess } from '../helpers/agent.js';
import { unattendedAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal, until } from '../helpers/terminal.js';
import { slowSequence } from '../helpers/flow.js';

let server: TestServer;
let agent: AgentProcess;
let admin: string;
let deviceId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  ({ deviceId, agent } = await unattendedAgent(server, admin));
});
afterAll(async () => {
  await agent?.stop();
  await server.stop();
});

/** Peak resident memory of a process, in MB (Linux). */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const metric = async (name: string) => {
  const text = (await server.api.request('GET', '/metrics')).body as string;
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
};

it.runIf(process.platform === 'linux')('delivers 50 MB of output complete and in order to a slow reader, with bounded buffers', { timeout: 180_000 }, async () => {
  const last = 6_500_000; // `seq 1 6500000` prints about 50.9 MB.
  const t = openTerminal(server.url, { token: admin, device: deviceId });
  await t.waitControl('ready');

  const { failure, lastLine, received } = await slowSequence(t, last, 170_000);

  // The control messages say why, should the stream have stopped early.
  expect({ failure, lastLine, controls: t.controls.filter((c) => c.type !== 'status') }).toEqual({
    failure: null,
    lastLine: last,
    controls: [expect.objectContaining({ type: 'ready' })],
  });
  expect(received).toBeGreaterThan(50 * 1024 * 1024);
  // The shell was held back rather than its output queued: the server's backlog towards this
  // socket stayed within one flow-control window (512 KB), far below the 50 MB that went through.
  expect(await metric('deskside_terminal_buffer_peak_bytes')).toBeLessThan(1024 * 1024);
  expect(peakRssMb(agent.child.pid!)).toBeLessThan(300);
  t.control({ type: 'close' });
  await t.closed;
});

it('holds the shell to what a client that acknowledges has shown, and says what is wrong with an acknowledgement', { timeout: 120_000 }, async () => {
  const window = 512 * 1024;
  const t = openTerminal(server.url, { device: deviceId, firstFrame: JSON.stringify({ type: 'auth', token: admin, flow: 'ack' }) });
  await t.waitControl('ready');
  const errors = () => t.controls.filter((c) => c.type === 'error').map((c) => `${c.code}: ${c.message}`);

  t.control({ type: 'ack', bytes: 0 });
  await until('the zero ack refused', () => errors().length === 1);
  expect(errors()[0]).toMatch(/^invalid_frame: .*ack/);

  t.type(`head -c 3000000 /dev/zero | tr '\\0' x; echo; echo ACK""-DONE\r`);
  // Nothing is acknowledged: the output stops after one window, and stays stopped.
  let seen = -1;
  let still = 0;
  await until('the output to stop', () => {
    still = t.bytes === seen ? still + 1 : 0;
    seen = t.bytes;
    return still >= 50; // unchanged for about a second
  }, 60_000);
  expect(t.bytes).toBeGreaterThan(window / 2);
  expect(t.bytes).toBeLessThan(window + 64 * 1024 + 1024);

  t.control({ type: 'ack', bytes: t.bytes + 1 });
  await until('the excessive ack refused', () => errors().length === 2);
  expect(errors()[1]).toBe(`invalid_frame: acknowledged ${t.bytes + 1} bytes, but only ${t.bytes} were sent and not yet acknowledged`);

  // Acknowledging what arrived lets the rest through, complete.
  let acked = 0;
  const acker = setInterval(() => {
    if (t.bytes > acked) t.control({ type: 'ack', bytes: t.bytes - acked });
    acked = t.bytes;
  }, 20);
  try {
    await t.waitText('ACK-DONE', 60_000);
  } finally {
    clearInterval(acker);
  }
  // One unbroken run of the 3,000,000 x's (the echoed command holds a single x of its own).
  expect(Math.max(...t.text.match(/x+/g)!.map((run) => run.length))).toBe(3_000_000);
  expect(errors()).toHaveLength(2);
  expect(t.controls.filter((c) => c.type === 'exit')).toEqual([]);
  t.control({ type: 'close' });
  await t.closed;
});

it('refuses acknowledgements from a client that did not ask to send them', async () => {
  const t = openTerminal(server.url, { token: admin, device: deviceId });
  await t.waitControl('ready');
  t.control({ type: 'ack', bytes: 10 });
  const error = await t.waitControl('error');
  expect(error).toMatchObject({ code: 'invalid_frame', message: 'acknowledgements need "flow":"ack" in the auth frame' });
  t.type('echo still-$((6*7))\r');
  await t.waitText('still-42');
  t.control({ type: 'close' });
  await t.closed;
});
