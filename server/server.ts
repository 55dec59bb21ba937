import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../shared/version.js';
import { createApp } from './app.js';
import { sessionTokens } from './auth/jwt.js';
import { ensureAdmin, ensurePrivateDataDir, resolveJwtSecret } from './bootstrap.js';
import type { AppDeps } from './deps.js';
import type { Config } from './env.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { AgentHub } from './relay/agentHub.js';
import { TerminalRelay } from './relay/terminal/relay.js';
import { attachUpgrade } from './relay/upgrade.js';
import { openStore } from './storage/open.js';
import { publicUrl } from './publicUrl.js';
import type { Store } from './storage/types.js';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** Set on the first start of an empty data folder when the admin password was generated. */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

/** The composition root: storage, HTTP app, agent relay, one listening socket. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  ensurePrivateDataDir(config.dataDir, logger);
  const store = await openStore(config, logger);
  await store.devices.markAllOffline();
  // A previous process that stopped without ending its sessions left them open; their shells died with it.
  await store.shellSessions.endAllOpen(new Date().toISOString(), 'server_shutdown');
  const admin = await ensureAdmin(store, config);
  // PORT=0 picks a port at listen time; the public URL names the real one.
  let listeningPort = config.port;
  const metrics = createMetrics();
  const hubDeps = { store, config, metrics, logger };
  const hub = new AgentHub(hubDeps);
  const deps: AppDeps = {
    config,
    store,
    sessions: sessionTokens(resolveJwtSecret(config), config.tokenTtlSeconds),
    logger,
    metrics,
    agents: hub,
    version: VERSION,
    publicUrl: () => publicUrl(config, listeningPort),
    accessRevoked: (userId) => terminals.revokeUser(userId),
  };
  const terminals = new TerminalRelay(deps, hub);
  hub.shells = terminals;
  const { app } = createApp(deps);
  const server = http.createServer(app);
  // Small terminal and heartbeat writes must not wait for Nagle's algorithm.
  server.on('connection', (socket) => socket.setNoDelay(true));
  attachUpgrade(server, hub, terminals, deps);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A fleet reconnecting at once must not overflow the accept queue (Node's default is 511;
    // the kernel caps this at net.core.somaxconn).
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  listeningPort = port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, version: VERSION, dataDir: config.dataDir }, 'server listening');
  if (config.recordInput) logger.warn('DESKSIDE_RECORD_INPUT=1: session recordings keep keystrokes, passwords typed at hidden prompts included');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    close() {
      closing ??= (async () => {
        await terminals.close();
        await hub.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      })();
      return closing;
    },
  };
}
