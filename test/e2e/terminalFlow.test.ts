import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentProcess } from '../helpers/agent.js';
import { onlineAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal } from '../helpers/terminal.js';
import { slowSequence } from '../helpers/flow.js';

let server: TestServer;
let agent: AgentProcess;
let admin: string;
let deviceId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  ({ deviceId, agent } = await onlineAgent(server, admin));
  await server.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
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
