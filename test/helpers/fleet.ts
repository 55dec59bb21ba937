import { agentCli, newAgentHome, runAgent, waitFor, type AgentProcess } from './agent.js';
import type { TestServer } from './server.js';

/** Enrolls a fresh agent home against the server, as an admin would with a one-use token. */
export async function enrollAgent(server: TestServer, adminToken: string): Promise<{ home: string; deviceId: string }> {
  const t = await server.api.request('POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { uses: 1 } });
  if (t.status !== 201) throw new Error(`token: ${t.status} ${JSON.stringify(t.body)}`);
  const home = newAgentHome();
  const r = await agentCli(home, ['enroll', '--server', server.url, '--token', t.body.token]);
  // Enrolling prints one line on stdout and nothing on stderr.
  if (r.code !== 0 || r.stderr) throw new Error(`enroll failed (${r.code}): ${r.stderr}`);
  return { home, deviceId: /device ([0-9a-f-]{36})/.exec(r.stdout)![1]! };
}

/** An enrolled agent, running, and online as the server sees it. */
export async function onlineAgent(
  server: TestServer,
  adminToken: string,
  env: Record<string, string> = {},
): Promise<{ home: string; deviceId: string; agent: AgentProcess }> {
  const { home, deviceId } = await enrollAgent(server, adminToken);
  const agent = runAgent(home, { DESKSIDE_GETHELP_PORT: '0', ...env });
  await waitFor('agent online', async () => (await server.api.request('GET', `/api/v1/devices/${deviceId}`, { token: adminToken })).body.online);
  return { home, deviceId, agent };
}

/** onlineAgent(), on a PC set to let technicians in without asking (consent `unattended`). */
export async function unattendedAgent(server: TestServer, adminToken: string, env: Record<string, string> = {}): ReturnType<typeof onlineAgent> {
  const online = await onlineAgent(server, adminToken, env);
  const r = await server.api.request('PATCH', `/api/v1/devices/${online.deviceId}`, { token: adminToken, body: { consent: 'unattended' } });
  if (r.status !== 200) throw new Error(`could not set consent to unattended (${r.status})`);
  return online;
}
