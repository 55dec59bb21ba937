import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, waitFor } from '../helpers/agent.js';
import { enrollAgent, onlineAgent } from '../helpers/fleet.js';
import { shellWorld, type ShellWorld } from '../helpers/shellFixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openTerminal, pidAlive, shellPid, type TerminalOptions } from '../helpers/terminal.js';

let world: ShellWorld;
let server: TestServer;
let admin: string;
let tech: string;
let deviceId: string;

beforeAll(async () => {
  world = await shellWorld();
  ({ server, admin, tech, deviceId } = world);
});
afterAll(() => world?.stop());

const api = (method: string, p: string, token: string, body?: unknown) => world.api(method, p, token, body);
const shell = (o: Partial<TerminalOptions> = {}) => world.shell(o);

describe('remote shell through the relay', () => {
  it('runs a command, follows a resize, and ends with the exit status, recorded and audited', async () => {
    const t = await shell({ cols: 90, rows: 30, reason: 'printer queue' });
    const ready = t.controls.find((c) => c.type === 'ready')!;
    expect(ready).toMatchObject({ cols: 90, rows: 30, consent: 'not_required' });
    t.type('echo hello-$((6*7))\r');
    await t.waitText('hello-42');
    // A password typed at a prompt that does not echo it must not end up in the recording.
    t.type("read -rs -p 'Password: ' pw; echo; echo got-${#pw}\r");
    await t.waitText('Password: ');
    t.type('hunter2-not-recorded\r');
    await t.waitText('got-20');
    t.control({ type: 'resize', cols: 132, rows: 43 });
    t.type('stty size\r');
    await t.waitText('43 132');
    t.type('exit 3\r');
    const exit = await t.waitControl('exit');
    expect(exit).toMatchObject({ reason: 'exited', exitCode: 3, sessionId: ready.sessionId });
    expect((await t.closed).code).toBe(1000);

    const s = await waitFor('session record', async () => {
      const r = await api('GET', `/api/v1/sessions/${ready.sessionId}`, admin);
      return r.body.state === 'ended' ? r.body : null;
    });
    expect(s).toMatchObject({ deviceId, reason: 'printer queue', endReason: 'exited', exitCode: 3, cols: 132, rows: 43, consent: { policy: 'unattended', decision: 'not_required' } });
    expect(s.bytesIn).toBeGreaterThan(20);
    expect(s.bytesOut).toBeGreaterThan(20);

    // Another technician may not watch what the screen showed on someone's PC; the session's own
    // technician (here the admin) may, and the download is audited.
    expect((await fetch(`${server.url}${s.recording.url}`, { headers: { authorization: `Bearer ${tech}` } })).status).toBe(403);
    const rec = await fetch(`${server.url}${s.recording.url}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(rec.status).toBe(200);
    expect(rec.headers.get('content-type')).toContain('application/x-asciicast');
    const lines = (await rec.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ version: 2, width: 90, height: 30 });
    expect(typeof lines[0].timestamp).toBe('number');
    const events = lines.slice(1) as [number, string, string][];
    expect(events.some(([, kind, data]) => kind === 'o' && data.includes('hello-42'))).toBe(true);
    // Output only, as asciinema records by default: no keystrokes, so no password.
    expect(events.filter(([, kind]) => kind === 'i')).toEqual([]);
    expect(lines.some((l) => JSON.stringify(l).includes('hunter2'))).toBe(false);
    expect(events.some(([, kind, data]) => kind === 'r' && data === '132x43')).toBe(true);
    expect(events.every(([time], i) => i === 0 || time >= events[i - 1]![0])).toBe(true);

    const auditLog = (await api('GET', '/api/v1/audit?limit=50', admin)).body as { action: string; actor: string; details: any }[];
    const start = auditLog.find((e) => e.action === 'session.start' && e.details.sessionId === ready.sessionId);
    const end = auditLog.find((e) => e.action === 'session.end' && e.details.sessionId === ready.sessionId);
    expect(start?.details.consent).toBe('not_required');
    expect(auditLog.find((e) => e.action === 'session.recording_download' && e.details.sessionId === ready.sessionId)?.actor).toBe('admin');
    // People are named by username in the log, never by an id only the database knows.
    expect([start?.actor, end?.actor]).toEqual(['admin', 'admin']);
    expect(end?.details).toMatchObject({ reason: 'exited', exitCode: 3 });
    expect(end?.details.bytesOut).toBeGreaterThan(0);
  });

  it('runs several sessions on one PC at once without mixing their bytes', async () => {
    const [a, b] = await Promise.all([shell(), shell()]);
    a.type('echo only-in-a\r');
    b.type('echo only-in-b\r');
    await a.waitText('only-in-a');
    await b.waitText('only-in-b');
    expect(a.text).not.toContain('only-in-b');
    expect(b.text).not.toContain('only-in-a');
    a.control({ type: 'close' });
    b.ws.close();
    expect((await a.waitControl('exit')).reason).toBe('closed');
    await b.closed;
  });

  it('kills the shell when the technician disconnects (no orphan process)', async () => {
    const t = await shell();
    const pid = await shellPid(t);
    expect(pidAlive(pid)).toBe(true);
    t.ws.terminate();
    await waitFor('shell killed', () => !pidAlive(pid), 10_000);
    const sessions = (await api('GET', `/api/v1/sessions?device=${deviceId}&limit=1`, admin)).body;
    await waitFor('session ended', async () => (await api('GET', `/api/v1/sessions/${sessions[0].id}`, admin)).body.endReason === 'technician_disconnected');
  });

  it('clamps an absurd resize to what a terminal can be', async () => {
    const t = await shell();
    t.control({ type: 'resize', cols: 99_999, rows: 1 });
    t.type('stty size\r');
    await t.waitText('1 1000');
    t.control({ type: 'resize', cols: -5, rows: 'x' });
    expect((await t.waitControl('error')).code).toBe('invalid_frame');
    t.type('echo still-$((1+1))\r');
    await t.waitText('still-2');
    t.control({ type: 'close' });
    await t.closed;
  });

  it('answers garbage text frames with an error and keeps the session; closes after too many', async () => {
    const t = await shell();
    t.ws.send('not json at all');
    expect((await t.waitControl('error')).code).toBe('invalid_frame');
    t.type('echo alive-$((2+2))\r');
    await t.waitText('alive-4');
    for (let i = 0; i < 5; i++) t.ws.send('{"type":"nope"}');
    expect((await t.closed).code).toBe(4400);
  });

  it('drops a technician who sends an oversized frame, and ends the shell', async () => {
    const t = await shell();
    const pid = await shellPid(t);
    t.ws.send(Buffer.alloc(300 * 1024, 0x61), { binary: true });
    expect((await t.closed).code).toBe(1009);
    await waitFor('shell killed', () => !pidAlive(pid), 10_000);
  });

  it('ends an idle session', async () => {
    // A separate server whose idle limit is short enough to watch.
    // It also records keystrokes, as an admin may ask: the technician is told so.
    const quick = await startTestServer({ DESKSIDE_SESSION_IDLE_MINUTES: '0.05', DESKSIDE_RECORD_INPUT: '1' });
    try {
      const token = await quick.api.login();
      const { deviceId: id, agent: a } = await onlineAgent(quick, token);
      await quick.api.request('PATCH', `/api/v1/devices/${id}`, { token, body: { consent: 'unattended' } });
      const t = openTerminal(quick.url, { token, device: id });
      expect(await t.waitControl('ready')).toMatchObject({ inputRecorded: true });
      t.type('echo typed-$((2*3))\r');
      await t.waitText('typed-6');
      const exit = await t.waitControl('exit', 15_000);
      expect(exit.reason).toBe('idle_timeout');
      const s = await waitFor('the session ended', async () => {
        const r = await quick.api.request('GET', `/api/v1/sessions/${exit.sessionId}`, { token });
        return r.body.state === 'ended' ? r.body : null;
      });
      const rec = await quick.api.request('GET', s.recording.url, { token });
      const events = (rec.body as string).trim().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]);
      expect(events.filter(([, kind]) => kind === 'i').map(([, , data]) => data).join('')).toContain('echo typed-');
      await a.stop();
    } finally {
      await quick.stop();
    }
  });
});

describe.runIf(process.getuid?.() === 0)('an agent running as root (the system service)', () => {
  it('runs shells as the configured account, not as root', async () => {
    const { deviceId: id, agent: a } = await onlineAgent(server, admin, { DESKSIDE_SHELL_USER: 'nobody' });
    try {
      await api('PATCH', `/api/v1/devices/${id}`, admin, { consent: 'unattended' });
      const t = await shell({ device: id });
      t.type('echo "I am $(id -un) in $HOME"\r');
      await t.waitText(/I am nobody in \//);
      t.control({ type: 'close' });
      await t.closed;
    } finally {
      await a.stop();
    }
  });

  it('refuses to start with an account that does not exist', async () => {
    const { home } = await enrollAgent(server, admin);
    const r = await agentCli(home, ['run'], { DESKSIDE_SHELL_USER: 'no-such-user-here' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DESKSIDE_SHELL_USER: no user "no-such-user-here"/);
  });
});
