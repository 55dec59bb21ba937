import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent.js';
import { FAKETIME_LIB, NATS_URL, skewedClock, startCluster, type ClusterNode, type TestCluster } from '../helpers/cluster.js';
import { onlineAgent } from '../helpers/fleet.js';
import { slowSequence } from '../helpers/flow.js';
import { RawAgent, enrollDevice, rawAgent } from '../helpers/rawAgent.js';
import { openTerminal } from '../helpers/terminal.js';
import { tcpProxy } from '../helpers/tcpProxy.js';
import { openEvents } from '../helpers/sse.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function cluster(count: number, o: Parameters<typeof startCluster>[1] = {}): Promise<TestCluster> {
  const c = await startCluster(count, o);
  cleanups.push(c.stop);
  return c;
}

/** The node the store says holds a device's agent. */
async function ownerOf(c: TestCluster, deviceId: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: c.schema.url });
  await client.connect();
  try {
    return (await client.query('select owner_node from devices where id = $1', [deviceId])).rows[0]?.owner_node ?? null;
  } finally {
    await client.end();
  }
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('a cluster of server processes on PostgreSQL and NATS', () => {
  it('refuses cluster mode on SQLite, in one line', async () => {
    const { spawnServer } = await import('../helpers/server.js');
    await expect(spawnServer({ DESKSIDE_NATS_URL: 'nats://127.0.0.1:4222', DESKSIDE_DATA: fs.mkdtempSync('/tmp/deskside-') })).rejects.toThrow(
      /exited with 1[\s\S]*DESKSIDE_NATS_URL \(cluster mode\) needs DATABASE_URL=postgres/,
    );
  });

  it('says in one line that NATS cannot be reached, and exits non-zero', async () => {
    const { freshSchema } = await import('../helpers/postgres.js');
    const db = await freshSchema();
    cleanups.push(db.drop);
    const { spawnServer } = await import('../helpers/server.js');
    await expect(spawnServer({ DATABASE_URL: db.url, DESKSIDE_NATS_URL: 'nats://127.0.0.1:1', DESKSIDE_JWT_SECRET: 'y'.repeat(32), DESKSIDE_DATA: fs.mkdtempSync('/tmp/deskside-') })).rejects.toThrow(
      /exited with 1[\s\S]*deskside-server: NATS at 127\.0\.0\.1:1: /,
    );
  });

  it('keeps serving its own agents and technicians while NATS is away, ends cross-node sessions saying why, and recovers by itself', { timeout: 120_000 }, async () => {
    const nats = await tcpProxy(Number(new URL(NATS_URL).port || 4222));
    cleanups.push(() => nats.close());
    const c = await cluster(2, { env: { DESKSIDE_NATS_URL: `nats://127.0.0.1:${nats.port}` } });
    const [a, b] = [c.nodes[0]!, c.nodes[1]!];
    const admin = await a.api.login();
    const { deviceId, agent } = await onlineAgent(b, admin);
    cleanups.push(() => agent.stop());
    await a.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    const across = openTerminal(a.url, { token: admin, device: deviceId });
    const local = openTerminal(b.url, { token: admin, device: deviceId });
    await Promise.all([across.waitControl('ready'), local.waitControl('ready')]);

    await nats.cut();
    expect(await across.waitControl('exit', 10_000)).toMatchObject({ reason: 'server_lost', message: expect.stringContaining('(NATS) was lost') });
    local.type('echo still-$((3*3))\r');
    await local.waitText('still-9');
    expect((await a.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online).toBe(true);

    await nats.restore();
    await waitFor('a cross-node session again', async () => {
      const t = openTerminal(a.url, { token: admin, device: deviceId });
      const first = await Promise.race([t.waitControl('ready', 5000).then(() => 'ready'), t.waitControl('error', 5000).then(() => 'error')]).catch(() => 'none');
      if (first !== 'ready') return false;
      t.type('echo back-$((5*5))\r');
      await t.waitText('back-25');
      t.control({ type: 'close' });
      return true;
    }, 30_000);
    local.control({ type: 'close' });
  });

  it.runIf(fs.existsSync(FAKETIME_LIB) || process.env.CI)('works with a node whose clock is 2 minutes behind (leases run on the database clock), idle sessions across nodes closing on time', { timeout: 60_000 }, async () => {
    const c = await cluster(2, { env: { DESKSIDE_SESSION_IDLE_MINUTES: '0.05' }, nodeEnv: (i) => (i === 1 ? skewedClock(-120) : {}) });
    const [a, b] = [c.nodes[0]!, c.nodes[1]!];
    // The skewed node really is 2 minutes behind.
    const bDate = Date.parse((await fetch(`${b.url}/healthz`)).headers.get('date')!);
    expect(Date.now() - bDate).toBeGreaterThan(100_000);
    const admin = await a.api.login();
    const { deviceId, agent } = await onlineAgent(b, admin);
    cleanups.push(() => agent.stop());
    await a.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    // Several lease renewals later, nobody took the skewed node for dead.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await ownerOf(c, deviceId)).toBe(b.nodeId);
    expect((await a.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online).toBe(true);
    // A token signed by one node is good on the other, and a shell crosses both ways.
    expect((await b.api.request('GET', '/api/v1/me', { token: admin })).status).toBe(200);
    const t = openTerminal(a.url, { token: admin, device: deviceId });
    await t.waitControl('ready');
    t.type('echo skew-$((7*6))\r');
    await t.waitText('skew-42');
    // Left alone, a session across nodes ends on the idle timeout (3 s here) like any other.
    expect(await t.waitControl('exit', 15_000)).toMatchObject({ reason: 'idle_timeout' });
  });

  it('carries ticket changes between nodes: a console on one hears a change made on another, and the PC is told through its own node', { timeout: 120_000 }, async () => {
    const c = await cluster(2);
    const [a, b] = c.nodes as [ClusterNode, ClusterNode];
    const admin = await a.api.login();
    const employee = (await a.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'erin', role: 'employee', password: 'correct-horse-battery' } })).body;
    const erin = await b.api.login('erin', 'correct-horse-battery');
    const { a: pc, d } = await rawAgent(b, admin, true, 'erin-pc');
    const console = await openEvents(`${b.url}/api/v1/events`, admin);
    const own = await openEvents(`${b.url}/api/v1/events`, erin);
    cleanups.push(async () => (console.close(), own.close()));
    await console.next((e) => e.event === 'hello');
    await own.next((e) => e.event === 'hello');
    const id = (await a.api.request('POST', '/api/v1/tickets', { token: admin, body: { summary: 'Docking station dead', requester: 'erin', deviceId: d.deviceId, channel: 'phone' } })).body.id as number;
    const created = await console.next((e) => e.event === 'ticket' && e.data.ticketId === id);
    expect(created.data).toMatchObject({ change: 'created', requesterId: employee.id, deviceId: d.deviceId });
    await a.api.request('POST', `/api/v1/tickets/${id}/comments`, { token: admin, body: { body: 'Swap it at the front desk.' } });
    await own.next((e) => e.event === 'ticket' && e.data.ticketId === id && e.data.change === 'comment');
    // The agent is on node B; the reply was written on node A.
    const pushed = await waitFor('the reply pushed to the PC', () => pc.messages.find((m) => m.type === 'ticket.activity' && m.change === 'comment'), 10_000);
    expect(pushed).toMatchObject({ ticketId: id, status: 'open' });
    // Each change arrives once, not once per node.
    await new Promise((r) => setTimeout(r, 500));
    expect(console.events.filter((e) => e.event === 'ticket' && e.data.ticketId === id && e.data.change === 'comment')).toHaveLength(1);
    expect(pc.messages.filter((m) => m.type === 'ticket.activity' && m.change === 'comment')).toHaveLength(1);
    pc.ws.close();
  });

  it('runs a job started on node A on a PC whose agent is on node B once, moves files both ways through B, and raises one alert and one ticket while both nodes look', { timeout: 120_000 }, async () => {
    const c = await cluster(2, { env: { DESKSIDE_ALERT_SECONDS: '1' } });
    const [a, b] = c.nodes as [ClusterNode, ClusterNode];
    const admin = await a.api.login();
    const { deviceId, agent } = await onlineAgent(b, admin);
    cleanups.push(() => agent.stop());
    await a.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    const job = (await a.api.request('POST', '/api/v1/jobs', { token: admin, body: { command: { shell: 'sh', body: 'echo ran; sleep 1' }, devices: [deviceId] } })).body;
    const run = await waitFor('the run to end', async () => {
      const r = (await a.api.request('GET', `/api/v1/jobs/${job.id}`, { token: admin })).body.runs[0];
      return r.state === 'done' ? r : undefined;
    }, 30_000);
    expect(run).toMatchObject({ exitCode: 0, output: 'ran\n' });

    // Files through node B, with the PC's window crossing NATS: 5 MB up, then back down.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cluster-files-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const data = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i, i);
    const digest = createHash('sha256').update(data).digest('hex');
    const target = path.join(dir, 'pushed.bin');
    const files = `${a.url}/api/v1/devices/${deviceId}/files`;
    const up = await fetch(`${files}/content?path=${encodeURIComponent(target)}&size=${data.length}&sha256=${digest}`, { method: 'PUT', body: data, headers: { authorization: `Bearer ${admin}` } });
    expect(up.status).toBe(201);
    expect(createHash('sha256').update(fs.readFileSync(target)).digest('hex')).toBe(digest);
    const down = await fetch(`${files}/content?path=${encodeURIComponent(target)}`, { headers: { authorization: `Bearer ${admin}` } });
    const buf = await down.arrayBuffer();
    expect(createHash('sha256').update(Buffer.from(buf)).digest('hex')).toBe(digest);
    const listing = (await a.api.request('GET', `/api/v1/devices/${deviceId}/files?path=${encodeURIComponent(dir)}`, { token: admin })).body;
    expect(listing.entries).toEqual([expect.objectContaining({ name: 'pushed.bin', size: data.length })]);
    const missing = await a.api.request('GET', `/api/v1/devices/${deviceId}/files/content?path=${encodeURIComponent(path.join(dir, 'nope'))}`, { token: admin });
    expect(missing.status).toBe(404);

    await a.api.request('POST', '/api/v1/alert-rules', { token: admin, body: { name: 'Agent kit missing', condition: { kind: 'software_absent', name: 'no-such-package-anywhere' }, action: 'ticket' } });
    await waitFor('the PC inventoried', async () => (await b.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.inventoryAt);
    const alert = await waitFor('the alert', async () => (await b.api.request('GET', '/api/v1/alerts', { token: admin })).body.find((x: { ticketId: number | null }) => x.ticketId), 30_000);
    // Both nodes go on looking: still one alert, one ticket.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await a.api.request('GET', '/api/v1/alerts', { token: admin })).body).toHaveLength(1);
    const tickets = (await b.api.request('GET', '/api/v1/tickets?limit=100', { token: admin })).body.filter((t: { channel: string }) => t.channel === 'alert');
    expect(tickets.map((t: { id: number }) => t.id)).toEqual([alert.ticketId]);
  });

  it('lets a technician on node A work in a shell on a PC whose agent is on node B', { timeout: 240_000 }, async () => {
    const c = await cluster(2, { env: { DESKSIDE_SESSIONS_PER_DEVICE: '1' } });
    const [a, b] = [c.nodes[0]!, c.nodes[1]!];
    const admin = await a.api.login();
    const { deviceId, agent, home } = await onlineAgent(b, admin);
    cleanups.push(() => agent.stop());
    expect(await ownerOf(c, deviceId)).toBe(b.nodeId);
    // Presence has one source of truth: node A, which holds no socket of it, says online too.
    await waitFor('online on A', async () => (await a.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online === true);
    expect((await a.api.request('GET', '/api/v1/devices?online=true', { token: admin })).body.map((d: { id: string }) => d.id)).toContain(deviceId);
    // Consent across nodes: asked on the PC behind node B, answered there, ended there.
    const page = await waitFor('the Get-help page', () => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')).getHelpUrl as string | undefined);
    const onPage = (p: string, body?: unknown) =>
      fetch(new URL(p, page), body ? { method: 'POST', headers: { 'content-type': 'application/json', origin: page.replace(/\/$/, '') }, body: JSON.stringify(body) } : {});
    const asked = openTerminal(a.url, { token: admin, device: deviceId, reason: 'cross-node consent' });
    expect(await asked.waitControl('status')).toMatchObject({ state: 'waiting_for_consent' });
    const pending = await waitFor('the request on the page', async () => ((await (await onPage('/api/sessions')).json()) as { pending: { sessionId: string }[] }).pending[0]);
    expect((await onPage('/api/sessions/answer', { sessionId: pending.sessionId, accept: true })).status).toBe(200);
    expect(await asked.waitControl('ready')).toMatchObject({ consent: 'accepted' });
    expect((await onPage('/api/sessions/end', { sessionId: pending.sessionId })).status).toBe(200);
    expect(await asked.waitControl('exit')).toMatchObject({ reason: 'ended_at_pc' });

    await a.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    const t = openTerminal(a.url, { token: admin, device: deviceId, cols: 100, rows: 30 });
    await t.waitControl('ready');
    t.type('echo cross-$((6*7))\r');
    await t.waitText('cross-42');
    t.control({ type: 'resize', cols: 132, rows: 40 });
    t.type('stty size\r');
    await t.waitText('40 132');

    // The per-PC limit counts sessions on every node.
    const second = openTerminal(b.url, { token: admin, device: deviceId });
    expect(await second.waitControl('error')).toMatchObject({ code: 'session_limit' });

    // 50 MB through NATS to a slow reader: complete, in order, and no node buffers it.
    const { failure, lastLine, received } = await slowSequence(t, 6_500_000, 200_000);
    expect({ failure, lastLine }).toEqual({ failure: null, lastLine: 6_500_000 });
    expect(received).toBeGreaterThan(50 * 1024 * 1024);
    for (const n of [a, b]) expect(peakRssMb(n.pid)).toBeLessThan(400);
    t.control({ type: 'close' });
    const exit = await t.waitControl('exit');
    expect(exit).toMatchObject({ reason: 'closed' });

    // Recorded on A, played from B: recordings live in the database every node shares.
    const sessionId = (await t.waitControl('ready')).sessionId as string;
    await waitFor('the session recorded', async () => (await b.api.request('GET', `/api/v1/sessions/${sessionId}`, { token: admin })).body.recording?.bytes > 0);
    const cast = await b.api.request('GET', `/api/v1/sessions/${sessionId}/recording`, { token: admin });
    expect(cast.status).toBe(200);
    expect(cast.body).toContain('cross-42');

    // Revoked on A: the agent's socket on B is closed at once.
    expect((await a.api.request('DELETE', `/api/v1/devices/${deviceId}`, { token: admin })).status).toBe(204);
    await waitFor('agent disconnected from B', () => /revoked/i.test(agent.output()), 5000);
  });

  it('ends sessions through a node killed outright, marks its devices offline, and its agents come back through HAProxy', { timeout: 120_000 }, async () => {
    const c = await cluster(2, { haproxy: true });
    const lb = c.lb!;
    const admin = await lb.api.login();
    // A PC reaching the cluster through the load balancer, as deployed.
    const lbServer = { ...c.nodes[0]!, url: lb.url, api: lb.api };
    const { deviceId, agent } = await onlineAgent(lbServer, admin);
    cleanups.push(() => agent.stop());
    await lb.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended' } });
    const owner = await ownerOf(c, deviceId);
    const victim = c.nodes.find((n) => n.nodeId === owner)!;
    const survivor = c.nodes.find((n) => n.nodeId !== owner)!;
    // And one that can only reach the node about to die: it stays offline.
    const stranded = await enrollDevice(victim, admin, 'stranded');
    const raw = new RawAgent(victim, stranded);
    await raw.opened;
    raw.hello(stranded);
    await raw.next('welcome');
    await waitFor('stranded online', async () => (await survivor.api.request('GET', `/api/v1/devices/${stranded.deviceId}`, { token: admin })).body.online === true);

    const t = openTerminal(survivor.url, { token: admin, device: deviceId });
    await t.waitControl('ready');
    t.type('echo before-$((1+1))\r');
    await t.waitText('before-2');

    victim.kill();
    const killedAt = Date.now();
    expect(await t.waitControl('exit', 10_000)).toMatchObject({ reason: 'server_lost', message: expect.stringContaining('server handling this session stopped') });
    await waitFor('the agent back online through the other node', async () => (await ownerOf(c, deviceId)) === survivor.nodeId, 20_000);
    const again = openTerminal(survivor.url, { token: admin, device: deviceId });
    await again.waitControl('ready');
    again.type('echo after-$((2+2))\r');
    await again.waitText('after-4');
    again.control({ type: 'close' });

    await waitFor('the stranded PC offline', async () => (await survivor.api.request('GET', `/api/v1/devices/${stranded.deviceId}`, { token: admin })).body.online === false, 20_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000 + 2_000);
    const sessions = await survivor.api.request('GET', `/api/v1/sessions?deviceId=${deviceId}`, { token: admin });
    expect(sessions.body.find((s: { endReason: string }) => s.endReason === 'server_lost')).toBeDefined();
  });
});
