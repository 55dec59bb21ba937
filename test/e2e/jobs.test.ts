import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { enrollAgent, onlineAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { runTechCli } from '../helpers/techCli.js';
import { RawAgent, type Device } from '../helpers/rawAgent.js';

/** Scripts on many PCs, with real agents (the built program) running them. */
let server: TestServer;
let admin: string;
let tech: string;
let unattended: string;
let prompting: string;
let offline: { home: string; deviceId: string };
const agents: AgentProcess[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'tia', role: 'technician', password: 'password-123' } });
  await server.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'emma', role: 'employee', password: 'password-123' } });
  tech = await server.api.login('tia', 'password-123');
  const a = await onlineAgent(server, admin);
  const b = await onlineAgent(server, admin);
  agents.push(a.agent, b.agent);
  [unattended, prompting] = [a.deviceId, b.deviceId];
  await api('PATCH', `/api/v1/devices/${unattended}`, { consent: 'unattended' }, admin);
  offline = await enrollAgent(server, admin);
  await api('PATCH', `/api/v1/devices/${offline.deviceId}`, { consent: 'unattended' }, admin);
}, 60_000);
afterAll(async () => {
  for (const a of agents) await a.stop();
  await server?.stop();
});

function api(method: string, p: string, body?: unknown, token = tech) {
  return server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
}
const runOf = (job: any, deviceId: string) => job.runs.find((r: any) => r.deviceId === deviceId);
/** Waits until the job's run on that PC reached one of these states. */
const settled = (id: number, deviceId: string, states = ['done', 'cancelled', 'lost']) =>
  waitFor(`the run on ${deviceId} to end`, async () => {
    const job = (await api('GET', `/api/v1/jobs/${id}`)).body;
    const run = runOf(job, deviceId);
    return states.includes(run?.state) ? run : undefined;
  }, 30_000);

describe('jobs: a script on many PCs', () => {
  it('runs a command where the consent policy allows, and says why the others were skipped', async () => {
    const body = 'echo "hello from $(hostname)"; echo oops >&2; exit 3';
    const created = await api('POST', '/api/v1/jobs', { command: { shell: 'bash', body }, devices: [unattended, prompting, offline.deviceId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ad-hoc command', shell: 'bash', sha256: createHash('sha256').update(body).digest('hex'), createdBy: 'tia' });
    expect(runOf(created.body, prompting)).toMatchObject({ state: 'skipped', reason: expect.stringContaining("consent policy (prompt)") });
    expect(runOf(created.body, offline.deviceId)).toMatchObject({ state: 'skipped', reason: expect.stringContaining('offline') });
    const run = await settled(created.body.id, unattended);
    expect(run).toMatchObject({ state: 'done', end: 'exited', exitCode: 3, droppedBytes: 0 });
    expect(run.output).toContain('hello from');
    expect(run.output).toContain('oops');
    const audit = (await api('GET', '/api/v1/audit?action=job.create', undefined, admin)).body[0];
    expect(audit.details).toMatchObject({ sha256: created.body.sha256, pcs: 3, queued: 1, skipped: 2 });
    // Listed on each PC it was for, skipped or not; not on a PC it was not for.
    expect((await api('GET', `/api/v1/jobs?device=${prompting}`)).body.map((j: any) => j.id)).toEqual([created.body.id]);
    const other = (await api('POST', '/api/v1/jobs', { command: { shell: 'sh', body: 'true' }, devices: [unattended] })).body;
    expect((await api('GET', `/api/v1/jobs?device=${prompting}`)).body.map((j: any) => j.id)).toEqual([created.body.id]);
    expect((await api('GET', `/api/v1/jobs?device=${unattended}`)).body.map((j: any) => j.id)).toEqual([other.id, created.body.id]);
    expect((await api('GET', '/api/v1/jobs?device=not-a-uuid')).status).toBe(400);
    await settled(other.id, unattended);
    const ran = (await api('GET', '/api/v1/audit?action=job.run', undefined, admin)).body.find((e: any) => e.details.jobId === created.body.id);
    expect(ran).toMatchObject({ actor: 'tia', target: unattended, details: { jobId: created.body.id, sha256: created.body.sha256, end: 'exited', exitCode: 3 } });
  });

  it('runs a library script on the PCs an inventory filter finds, with its timeout killing what never ends', async () => {
    const script = (await api('POST', '/api/v1/scripts', { name: 'Hang', shell: 'bash', body: 'echo start; sleep 300 & wait', timeoutSeconds: 1 }, admin)).body;
    const job = (await api('POST', '/api/v1/jobs', { scriptId: script.id, filter: 'online=true' })).body;
    expect(job.runs.map((r: any) => r.deviceId).sort()).toEqual([unattended, prompting].sort());
    const run = await settled(job.id, unattended);
    expect(run).toMatchObject({ state: 'done', end: 'timeout', output: 'start\n' });
    expect(run.durationMs).toBeLessThan(10_000);
  });

  it('keeps 64 KB of 100 MB of output and counts the rest', async () => {
    const job = (await api('POST', '/api/v1/jobs', { command: { shell: 'sh', body: "head -c 100000000 /dev/zero | tr '\\0' x" }, devices: [unattended] })).body;
    const run = await settled(job.id, unattended);
    expect(run).toMatchObject({ state: 'done', exitCode: 0 });
    expect(run.output).toHaveLength(64 * 1024);
    expect(run.droppedBytes).toBe(100_000_000 - 64 * 1024);
  });

  it('cancels a running script on its PC', async () => {
    const job = (await api('POST', '/api/v1/jobs', { command: { shell: 'bash', body: 'sleep 300' }, devices: [unattended] })).body;
    await settled(job.id, unattended, ['running']);
    const cancelled = await api('POST', `/api/v1/jobs/${job.id}/cancel`);
    expect(cancelled.body.cancelledAt).not.toBeNull();
    expect(await settled(job.id, unattended)).toMatchObject({ state: 'cancelled', end: 'cancelled' });
    expect((await api('GET', '/api/v1/jobs')).body[0]).toMatchObject({ id: job.id, counts: { cancelled: 1, running: 0 } });
  });

  it('runs it on a PC that was offline once it comes back, when the job says so', async () => {
    const job = (await api('POST', '/api/v1/jobs', { command: { shell: 'sh', body: 'echo back' }, devices: [offline.deviceId], runWhenOnline: true })).body;
    expect(runOf(job, offline.deviceId).state).toBe('queued');
    agents.push(runAgent(offline.home, { DESKSIDE_GETHELP_PORT: '0' }));
    expect(await settled(job.id, offline.deviceId)).toMatchObject({ state: 'done', exitCode: 0, output: 'back\n' });
  });

  it('refuses what cannot run, naming the problem', async () => {
    const bad = (body: unknown, token = tech) => api('POST', '/api/v1/jobs', body, token);
    expect((await bad({ devices: [unattended] })).body.error.message).toContain('give either scriptId or command');
    expect((await bad({ command: { shell: 'sh', body: 'true' }, devices: [unattended], filter: 'online=true' })).body.error.message).toContain('give either devices or filter');
    expect((await bad({ command: { shell: 'sh', body: 'true' }, devices: ['00000000-0000-4000-8000-000000000000'] })).body.error.message).toBe('body.devices: 1 unknown or revoked PC (first: 00000000-0000-4000-8000-000000000000)');
    expect((await bad({ command: { shell: 'sh', body: 'true' }, filter: 'colour=red' })).body.error.message).toMatch(/^body\.filter: "colour" is not a filter/);
    expect((await bad({ command: { shell: 'sh', body: 'true' }, filter: 'q=no-such-pc-anywhere' })).body.error.message).toBe('body.filter: finds no PC');
    expect((await bad({ command: { shell: 'fish', body: 'true' }, devices: [unattended] })).body.error.message).toContain('body.command.shell');
    expect((await bad({ scriptId: 9999, devices: [unattended] })).status).toBe(404);
    expect((await bad({ command: { shell: 'sh', body: 'true' }, devices: [unattended] }, await server.api.login('emma', 'password-123'))).status).toBe(403);
    expect((await api('POST', '/api/v1/jobs/9999/cancel')).status).toBe(404);
  });

  it('runs from the command line, printing each PC as it ends, with an exit status that says how it went', async () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cli-'));
    const cli = (args: string[], input?: string) => runTechCli({ ...process.env, DESKSIDE_CONFIG_DIR: configDir }, args, input);
    try {
      expect((await cli(['login', '--server', server.url, '--user', 'tia'], 'password-123\n')).code).toBe(0);
      const ok = await cli(['run', '--command', 'echo "hi from the CLI"', '--device', unattended]);
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toMatch(/^Job #\d+ \(ad-hoc command\) on 1 PC; Ctrl-C cancels it\.\n/);
      expect(ok.stdout).toMatch(/: exit 0 in \d+\.\d s\n {4}hi from the CLI\n1 of 1 PCs ran it and exited 0\.\n$/);

      const script = path.join(configDir, 'fail.sh');
      fs.writeFileSync(script, 'exit 2\n');
      const failed = await cli(['run', '--file', script, '--shell', 'bash', '--filter', 'online=true']);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain(': exit 2');
      expect(failed.stdout).toContain('skipped (the PC\'s consent policy (prompt)');
      expect(failed.stdout).toContain('0 of 3 PCs ran it and exited 0.');

      const usage = await cli(['run', '--command', 'true']);
      expect(usage).toMatchObject({ code: 2, stderr: 'deskside: run needs --device DEVICE (once or more) or --filter QUERY (see deskside --help)\n' });
      expect((await cli(['run', '--script', 'Nope', '--device', unattended])).stderr).toMatch(/^deskside: no script named "Nope" in the library/);
      expect((await cli(['run', '--command', 'true', '--shell', 'fish', '--device', unattended])).code).toBe(2);
      expect((await cli(['run', '--file', '/no/such/file', '--device', unattended])).stderr).toContain('--file: cannot read /no/such/file: ENOENT');
      expect((await cli(['run', '--help'])).stdout).toContain('deskside run (--script NAME');
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('runs two jobs on one PC at once', async () => {
    const [x, y] = await Promise.all(
      ['first', 'second'].map(async (word) => (await api('POST', '/api/v1/jobs', { command: { shell: 'sh', body: `sleep 1; echo ${word}` }, devices: [unattended] })).body),
    );
    const [rx, ry] = await Promise.all([settled(x.id, unattended), settled(y.id, unattended)]);
    expect([rx.output, ry.output]).toEqual(['first\n', 'second\n']);
    // They ran side by side, not one after the other.
    expect(Math.abs(Date.parse(rx.startedAt) - Date.parse(ry.startedAt))).toBeLessThan(900);
  });
});

describe('a job on 500 PCs, 480 of them offline', () => {
  it('queues the 20 online, skips the rest with the reason, and keeps to its concurrency', async () => {
    const t = await api('POST', '/api/v1/enrollment-tokens', { uses: 500 }, admin);
    const devices: Device[] = [];
    for (let i = 0; i < 500; i++) {
      const r = await server.api.request('POST', '/api/v1/enroll', { body: { token: t.body.token, hostname: `bulk-${i}`, platform: 'linux', agentVersion: '0.1.0' } });
      devices.push({ ...r.body, hostname: `bulk-${i}` });
      await api('PATCH', `/api/v1/devices/${r.body.deviceId}`, { consent: 'unattended' }, admin);
    }
    // Twenty answer as agents would: each run they are sent ends at once, exit 0.
    const online = await Promise.all(
      devices.slice(0, 20).map(async (d) => {
        const a = new RawAgent(server, d);
        await a.opened;
        a.hello(d);
        await a.next('welcome');
        a.ws.on('message', (data) => {
          const m = JSON.parse(data.toString());
          if (m.type === 'script.run') a.send({ type: 'script.done', runId: m.runId, end: 'exited', exitCode: 0, signal: null, output: `${d.hostname}\n`, droppedBytes: 0, durationMs: 1 });
        });
        return a;
      }),
    );
    try {
      const job = (await api('POST', '/api/v1/jobs', { command: { shell: 'sh', body: 'hostname' }, devices: devices.map((d) => d.deviceId), concurrency: 5 })).body;
      expect(job.counts).toMatchObject({ queued: 20, skipped: 480 });
      expect(job.runs.find((r: any) => r.device === 'bulk-499')).toMatchObject({ state: 'skipped', reason: expect.stringContaining('offline') });
      let most = 0;
      const done = await waitFor('all twenty done', async () => {
        const j = (await api('GET', `/api/v1/jobs/${job.id}`)).body;
        most = Math.max(most, j.counts.running);
        return j.counts.done === 20 ? j : undefined;
      }, 30_000);
      expect(most).toBeLessThanOrEqual(5);
      expect(done.runs.filter((r: any) => r.state === 'done').map((r: any) => r.output.trim()).sort()).toEqual(devices.slice(0, 20).map((d) => d.hostname).sort());
      // A result for a run that is not this PC's, or not running, changes nothing.
      online[0]!.send({ type: 'script.done', runId: '00000000-0000-4000-8000-000000000000', end: 'exited', exitCode: 0, signal: null, output: '', droppedBytes: 0, durationMs: 1 });
      expect((await api('GET', `/api/v1/jobs/${job.id}`)).body.counts.done).toBe(20);
    } finally {
      for (const a of online) a.ws.close();
    }
  }, 120_000);
});
