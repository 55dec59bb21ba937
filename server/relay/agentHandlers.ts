import {
  CloseCode,
  ErrorCode,
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type AgentMessage,
  type MessageOf,
} from '../../shared/protocol/index.js';
import type { InventoryIngest } from '../commands/ingestInventory.js';
import { linkInventoryUsers } from '../commands/linkInventoryUsers.js';
import { openHelpRequest } from '../commands/openHelpRequest.js';
import { audit } from '../commands/audit.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { AgentConnection } from './agentConnection.js';
import type { HealthWriter } from './healthWriter.js';
import type { PresenceWriter } from './presence.js';
import { isDatabaseUnavailable } from '../storage/errors.js';

type Handler<T extends AgentMessage['type']> = (conn: AgentConnection, message: MessageOf<AgentMessage, T>) => Promise<void>;
/** Remote-shell and file answers go to the relay, synchronously (see agentHub.ts). */
type QueuedType = Exclude<AgentMessage['type'], 'shell.accept' | 'shell.deny' | 'shell.exit' | `file.${string}`>;
export type AgentHandlers = { [T in QueuedType]: Handler<T> };

export interface HandlerContext {
  deps: Pick<AppDeps, 'store' | 'config' | 'metrics'>;
  /** Records that the device was heard from now. */
  seen(deviceId: string): void;
  presence: PresenceWriter;
  inventory: InventoryIngest;
  health: HealthWriter;
  /** Agents connected to this process now. */
  connected(): number;
}

/** One handler per agent message type: adding a message means adding a key, not a switch branch. */
export function agentHandlers({ deps, seen, presence, inventory, health, connected }: HandlerContext): AgentHandlers {
  const { store, config, metrics } = deps;
  // A small site comes back at once (100 agents: 50 ms); a large fleet over seconds.
  const reconnectSpreadMs = () => Math.min(600_000, Math.round((connected() / config.reconnectRate) * 1000));
  return {
    async hello(conn, m) {
      if (!SUPPORTED_PROTOCOL_VERSIONS.includes(m.protocol)) {
        conn.sendError(
          ErrorCode.unsupportedProtocol,
          `protocol ${m.protocol} is not supported; this server speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}: update the agent`,
        );
        conn.close(CloseCode.unsupportedProtocol, 'unsupported protocol');
        return;
      }
      if (m.deviceId !== conn.deviceId) {
        conn.sendError(ErrorCode.deviceMismatch, 'hello names another device than the credential');
        conn.close(CloseCode.protocolViolation, 'device mismatch');
        return;
      }
      const now = new Date().toISOString();
      // Written only when it changed: in a reconnect storm every write counts.
      const known = conn.takeStoredIdentity();
      if (known?.agentVersion !== m.agentVersion || known.platform !== m.platform || known.hostname !== m.hostname) {
        await store.devices.update(conn.deviceId, { agentVersion: m.agentVersion, platform: m.platform, hostname: m.hostname });
      }
      conn.handshakeInventoryHash = known?.inventoryHash;
      await presence.set(conn.deviceId, true, now);
      conn.helloDone = true;
      conn.send({
        type: 'welcome',
        protocol: PROTOCOL_VERSION,
        deviceId: conn.deviceId,
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        serverTime: Date.now(),
        reconnectSpreadMs: reconnectSpreadMs(),
      });
      conn.log.info({ agentVersion: m.agentVersion, hostname: m.hostname }, 'agent online');
    },

    async inventory(conn, m) {
      const device = await store.devices.findById(conn.deviceId);
      if (!device) return;
      const stop = metrics.ingestSeconds.startTimer();
      let changed: Awaited<ReturnType<InventoryIngest['submit']>>;
      try {
        changed = await inventory.submit(device, m.hash, m.document);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        conn.sendError(err.code, err.message);
        return;
      } finally {
        stop();
      }
      seen(conn.deviceId);
      conn.send({ type: 'inventory.ack', hash: m.hash });
      if (changed.length > 0) conn.log.info({ changed }, 'inventory changed');
      if (changed.includes('users')) await linkInventoryUsers(store, device, m.document.users);
    },

    async 'inventory.unchanged'(conn, m) {
      // Right after a reconnect the row read at the handshake answers: a fleet coming back
      // at once asks this of every agent.
      const atHandshake = conn.handshakeInventoryHash;
      conn.handshakeInventoryHash = undefined;
      const stored = atHandshake !== undefined ? atHandshake : (await store.devices.findById(conn.deviceId))?.inventoryHash;
      seen(conn.deviceId);
      if (stored === m.hash) conn.send({ type: 'inventory.ack', hash: m.hash });
      else conn.send({ type: 'inventory.request' });
    },

    async 'ticket.create'(conn, m) {
      try {
        const device = await store.devices.findById(conn.deviceId);
        if (!device) return;
        const ticket = await openHelpRequest(store, device, m);
        conn.send({ type: 'ticket.created', requestId: m.requestId, ticketId: ticket.id });
      } catch (err) {
        // The database out of reach: the agent keeps the request in its queue and sends it again.
        const error = isDatabaseUnavailable(err) ? new AppError(ErrorCode.unavailable, 'the server cannot store requests at the moment; will retry') : err;
        if (!(error instanceof AppError)) throw err;
        conn.send({ type: 'error', code: error.code, message: error.message, requestId: m.requestId });
      }
    },

    async heartbeat(conn, m) {
      seen(conn.deviceId);
      conn.send({ type: 'heartbeat.ack', seq: m.seq, serverTime: Date.now(), reconnectSpreadMs: reconnectSpreadMs() });
    },

    async health(conn, m) {
      // A restart pending "since" a moment in the PC's future is a clock off: counted from now.
      const now = new Date().toISOString();
      const since = m.rebootPendingSince && m.rebootPendingSince > now ? now : m.rebootPendingSince;
      await health.save(conn.deviceId, { memoryUsedPct: Math.round(m.memoryUsedPct * 10) / 10, rebootPendingSince: since, at: now });
    },

    // A run's result, to whichever node the agent is connected to now (it may have reconnected).
    async 'script.done'(conn, m) {
      const reason = m.error ?? (m.signal ? `ended by ${m.signal}` : null);
      const result = { end: m.end, exitCode: m.exitCode, output: m.output, droppedBytes: m.droppedBytes, durationMs: m.durationMs, reason };
      await store.transaction(async (repos) => {
        if (!(await repos.jobs.finish(m.runId, conn.deviceId, new Date().toISOString(), result))) {
          conn.log.info({ runId: m.runId }, 'a script result for no running run of this PC was dropped');
          return;
        }
        // Every run is in the audit log, under the technician who started the job, with the script's hash.
        const job = (await repos.jobs.jobOfRun(m.runId))!;
        await audit(repos, job.createdBy, 'job.run', conn.deviceId, { jobId: job.jobId, name: job.name, sha256: job.sha256, end: m.end, exitCode: m.exitCode });
      });
    },
  };
}
