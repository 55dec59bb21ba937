import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../shared/version.js';
import { createApp } from './app.js';
import { sessionTokens } from './auth/jwt.js';
import { ensureAdmin, ensurePrivateDataDir, resolveJwtSecret } from './bootstrap.js';
import { fileLinks } from './auth/fileLinks.js';
import type { AppDeps } from './deps.js';
import type { Config } from './env.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { helpdeskMetrics } from './helpdeskMetrics.js';
import type { Cluster } from './cluster/index.js';
import { AgentHub } from './relay/agentHub.js';
import { TerminalRelay } from './relay/terminal/relay.js';
import { AgentSessions } from './relay/agentSessions.js';
import { FileTransfers } from './files/transfers.js';
import { attachUpgrade } from './relay/upgrade.js';
import { openStore } from './storage/open.js';
import { databaseRecordings, fileRecordings } from './sessions/recordingStore.js';
import { publicUrl } from './publicUrl.js';
import type { Store } from './storage/types.js';
import { startMail } from './mail/index.js';
import { startAlerts } from './alerts/index.js';
import { startDispatcher } from './jobs/dispatcher.js';
import { LiveFeed } from './live/feed.js';
import { LiveStreams } from './live/streams.js';
import { pushToAgent } from './live/agentPush.js';

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
  const nodeId = randomUUID();
  if (!config.natsUrl) {
    await store.devices.markAllOffline();
    // A previous process that stopped without ending its sessions left them open; their shells died with it.
    await store.shellSessions.endAllOpen(new Date().toISOString(), 'server_shutdown');
    await store.transfers.endAllRunning(new Date().toISOString());
  }
  // In a cluster the other nodes' devices and sessions are theirs: what dead nodes held is
  // cleared by the lease (cluster/membership.ts), never by a node that starts.
  const admin = await ensureAdmin(store, config);
  // PORT=0 picks a port at listen time; the public URL names the real one.
  let listeningPort = config.port;
  const metrics = createMetrics();
  const hubDeps = { store, config, metrics, logger, nodeId };
  const hub = new AgentHub(hubDeps);
  const mail = await startMail({ store, config, logger, publicUrl: () => publicUrl(config, listeningPort) });
  const feed = new LiveFeed(store, nodeId, logger);
  helpdeskMetrics(metrics.registry, store, feed, logger);
  const streams = new LiveStreams(store, logger, nodeId);
  feed.subscribe((activity) => streams.deliver(activity));
  feed.subscribe((activity) => pushToAgent(hub, activity));
  const files = new FileTransfers({ config, logger, nodeId }, hub);
  const jwtSecret = resolveJwtSecret(config);
  const deps: AppDeps = {
    config,
    store,
    sessions: sessionTokens(jwtSecret, config.tokenTtlSeconds),
    links: fileLinks(jwtSecret),
    logger,
    metrics,
    agents: {
      isConnected: (id) => hub.isConnected(id),
      isOnline: (d) => (cluster ? cluster.directory.isOnline(d) : hub.isOnline(d)),
      connectedCount: () => hub.connectedCount(),
      disconnect: (id, code, reason) => (cluster ? cluster.directory.disconnect(id, code, reason) : hub.disconnect(id, code, reason)),
    },
    version: VERSION,
    nodeId,
    recordings: store.dialect === 'postgres' ? databaseRecordings(store.recordings, config.dataDir, logger) : fileRecordings(config.dataDir),
    publicUrl: () => publicUrl(config, listeningPort),
    files,
    accessRevoked: (userId) => {
      terminals.revokeUser(userId);
      files.revokeUser(userId);
      streams.revokeUser(userId);
      cluster?.accessChanged(userId);
    },
    mail,
    live: streams,
  };
  let cluster: Cluster | undefined;
  const terminals = new TerminalRelay(deps, hub);
  const agentSessions = new AgentSessions(terminals, files);
  hub.shells = agentSessions;
  const { app } = createApp(deps);
  const server = http.createServer(app);
  // Small terminal and heartbeat writes must not wait for Nagle's algorithm.
  server.on('connection', (socket) => socket.setNoDelay(true));
  attachUpgrade(server, hub, terminals, deps);
  const self = { id: nodeId, url: publicUrl(config, config.port), startedAt: new Date().toISOString() };
  if (config.natsUrl) {
    try {
      // The NATS client is loaded only in cluster mode.
      const { joinCluster } = await import('./cluster/index.js');
      cluster = await joinCluster({
        natsUrl: config.natsUrl,
        clusterName: config.clusterName,
        self,
        store,
        logger,
        hub,
        relay: terminals,
        files,
        sink: agentSessions,
        accessChanged: (userId) => {
          streams.revokeUser(userId);
          files.revokeUser(userId);
        },
      });
      feed.join(cluster.bus);
    } catch (err) {
      await mail.stop();
      await store.close();
      throw err;
    }
    logger.info({ nodeId }, 'joined the cluster');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A fleet reconnecting at once must not overflow the accept queue (Node's default is 511;
    // the kernel caps this at net.core.somaxconn).
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  listeningPort = port;
  self.url = publicUrl(config, port);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, version: VERSION, dataDir: config.dataDir }, 'server listening');
  if (config.recordInput) logger.warn('DESKSIDE_RECORD_INPUT=1: session recordings keep keystrokes, passwords typed at hidden prompts included');

  // Rate-limit and throttle counts whose window ended are dropped now and then (names sprayed
  // at the sign-in form must not grow the table without end).
  const sweep = setInterval(() => void store.counters.sweep(Date.now()).catch((err: Error) => logger.warn({ err: err.message }, 'could not sweep counters')), 10 * 60_000);
  sweep.unref();
  const alerts = startAlerts({ store, config, logger, publicUrl: () => publicUrl(config, port) });
  const dispatcher = startDispatcher({ store, hub, nodeId, logger });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        await alerts.stop();
        await dispatcher.stop();
        // Open event streams would hold the HTTP server open; clients reconnect to another node.
        streams.closeAll();
        await feed.settled();
        feed.stop();
        files.close();
        await terminals.close();
        await hub.close();
        await cluster?.stop();
        await mail.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      })();
      return closing;
    },
  };
}
