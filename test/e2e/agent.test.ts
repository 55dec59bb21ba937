import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from '../helpers/agent.js';
import { enrollAgent } from '../helpers/fleet.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await server.stop();
});

const device = async (id: string) => (await server.api.request('GET', `/api/v1/devices/${id}`, { token: admin })).body;

describe('a real agent process', () => {
  let home: string;
  let deviceId: string;
  let agent: AgentProcess;

  beforeAll(async () => {
    ({ home, deviceId } = await enrollAgent(server, admin));
    agent = runAgent(home);
    agents.push(agent);
  });

  it('keeps its credential private', () => {
    const mode = fs.statSync(path.join(home, 'credential.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('comes online and reports its real inventory', async () => {
    const d = await waitFor('inventory', async () => {
      const d = await device(deviceId);
      return d.online && d.inventory ? d : null;
    });
    expect(d.inventory.os.hostname).toBeTruthy();
    expect(d.inventory.software.length).toBeGreaterThan(100);
    expect(d.changes[0].sections).toContain('software');
    expect(d.agentVersion).toBe('0.1.0');
    // No credential material: the secret hash field, nor a secret value (package names such as libsecret are fine).
    expect(JSON.stringify(d)).not.toMatch(/secretHash|secret_hash|dsd_/);
  });

  it('is found by software name and by online state', async () => {
    const pkg = (await device(deviceId)).inventory.software[0].name as string;
    const bySoftware = await server.api.request('GET', `/api/v1/devices?software=${encodeURIComponent(pkg)}`, { token: admin });
    expect(bySoftware.body.map((d: { id: string }) => d.id)).toContain(deviceId);
    const none = await server.api.request('GET', '/api/v1/devices?software=no-such-package-anywhere', { token: admin });
    expect(none.body).toEqual([]);
    const online = await server.api.request('GET', '/api/v1/devices?online=true', { token: admin });
    expect(online.body.map((d: { id: string }) => d.id)).toContain(deviceId);
  });

  it('says it is connected in status', async () => {
    const r = await waitFor('status connected', async () => {
      const r = await agentCli(home, ['status']);
      return r.code === 0 ? r : null;
    });
    expect(r.stdout).toContain('connected');
    expect(r.stdout).toContain(deviceId);
  });

  it('prints its inventory as JSON', async () => {
    const r = await agentCli(home, ['inventory']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).os.hostname).toBeTruthy();
  });

  it('prints the diagnostics bundle a help request carries, as JSON', async () => {
    const r = await agentCli(home, ['diagnostics']);
    expect(r.code).toBe(0);
    const bundle = JSON.parse(r.stdout);
    expect(bundle.server).toMatchObject({ httpOk: true });
    expect(bundle.memory.totalBytes).toBeGreaterThan(0);
    const unenrolled = await agentCli(newAgentHome(), ['diagnostics']);
    expect(unenrolled.code).not.toBe(0);
    expect(unenrolled.stderr).toMatch(/not enrolled/);
  });

  it('is back online after a server restart, with nothing lost', async () => {
    const before = await device(deviceId);
    await server.restart();
    admin = await server.api.login();
    const after = await waitFor('online again', async () => {
      const d = await device(deviceId);
      return d.online ? d : null;
    }, 15_000);
    expect(after.inventory.software.length).toBe(before.inventory.software.length);
    expect(after.enrolledAt).toBe(before.enrolledAt);
  });

  it('accepts a consent policy change from an admin', async () => {
    const r = await server.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'unattended', group: 'finance' } });
    expect(r).toMatchObject({ status: 200, body: { consent: 'unattended', group: 'finance' } });
    const bad = await server.api.request('PATCH', `/api/v1/devices/${deviceId}`, { token: admin, body: { consent: 'always' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.consent');
  });

  it('is disconnected at once when revoked and cannot reconnect', async () => {
    const r = await server.api.request('DELETE', `/api/v1/devices/${deviceId}`, { token: admin });
    expect(r.status).toBe(204);
    await waitFor('agent rejected', () => /revoked/.test(agent.output()) && /server refused|rejected|4401/.test(agent.output()), 15_000);
    const d = await device(deviceId);
    expect(d.online).toBe(false);
    expect(d.revokedAt).toBeTruthy();
    const status = await agentCli(home, ['status']);
    expect(status.code).not.toBe(0);
  });
});

describe('agent state files', () => {
  it('says clearly when not enrolled', async () => {
    const r = await agentCli(newAgentHome(), ['run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not enrolled/);
  });
  it('says clearly when the credential is corrupt, without a stack trace', async () => {
    const home = newAgentHome();
    fs.writeFileSync(path.join(home, 'credential.json'), '{"serverUrl": 12');
    const r = await agentCli(home, ['run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/corrupt.*enroll/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('refuses bad arguments with a one-line reason', async () => {
    const r = await agentCli(newAgentHome(), ['enroll', '--server', 'not a url', '--token', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const u = await agentCli(newAgentHome(), ['enroll', '--bogus']);
    expect(u.code).toBe(2);
  });
  it('reports an enrollment refusal', async () => {
    const r = await agentCli(newAgentHome(), ['enroll', '--server', server.url, '--token', 'dse_wrong']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('enrollment token is not valid');
  });
});
