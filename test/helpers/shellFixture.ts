import type { AgentProcess } from './agent.js';
import { onlineAgent } from './fleet.js';
import { startTestServer, type ApiResponse, type TestServer } from './server.js';
import { openTerminal, type TerminalClient, type TerminalOptions } from './terminal.js';

/** A server with users of each role and one PC online whose shells need no consent: the terminal tests' world. */
export interface ShellWorld {
  server: TestServer;
  admin: string;
  /** Technician "tess", and her id. */
  tech: string;
  techId: string;
  /** Employee "emma". */
  employee: string;
  deviceId: string;
  agent: AgentProcess;
  api(method: string, p: string, token: string, body?: unknown): Promise<ApiResponse>;
  /** Opens a terminal (as the admin unless told) and waits for the shell to run. */
  shell(o?: Partial<TerminalOptions>): Promise<TerminalClient>;
  stop(): Promise<void>;
}

export const PASSWORD = 'password-123';

export async function shellWorld(): Promise<ShellWorld> {
  const server = await startTestServer();
  const admin = await server.api.login();
  const api: ShellWorld['api'] = (method, p, token, body) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });
  for (const [username, role] of [['tess', 'technician'], ['otto', 'technician'], ['emma', 'employee']]) {
    const r = await api('POST', '/api/v1/users', admin, { username, role, password: PASSWORD });
    if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const tech = await server.api.login('tess', PASSWORD);
  const techId = (await api('GET', '/api/v1/me', tech)).body.id as string;
  const employee = await server.api.login('emma', PASSWORD);
  const { deviceId, agent } = await onlineAgent(server, admin);
  const unattended = await api('PATCH', `/api/v1/devices/${deviceId}`, admin, { consent: 'unattended' });
  if (unattended.status !== 200) throw new Error(`consent: ${unattended.status}`);
  return {
    server,
    admin,
    tech,
    techId,
    employee,
    deviceId,
    agent,
    api,
    async shell(o = {}) {
      const t = openTerminal(server.url, { token: admin, device: deviceId, ...o });
      await t.waitControl('ready');
      return t;
    },
    async stop() {
      await agent.stop();
      await server.stop();
    },
  };
}
