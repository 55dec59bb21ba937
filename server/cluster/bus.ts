import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { subjects, type Subjects } from '../../shared/protocol/cluster.js';
import type { Logger } from '../logger.js';

/**
 * The NATS connection between server processes: publish, subscribe, ask. The client reconnects
 * by itself for as long as the process runs; while NATS is away nothing crosses nodes, and
 * each node goes on serving its own agents and technicians.
 */
export interface ClusterBus {
  /** This cluster's subjects (prefixed by its name). */
  readonly subjects: Subjects;
  publish(subject: string, data: Uint8Array | string): void;
  subscribe(subject: string, handler: (data: Uint8Array, reply: ((data: Uint8Array | string) => void) | null) => void): { stop(): void };
  request(subject: string, data: Uint8Array | string, timeoutMs: number): Promise<Uint8Array>;
  /** Whether NATS is reachable now. */
  readonly connected: boolean;
  /** Called when the connection to NATS is lost (false) and when it is back (true). */
  onConnection(listener: (connected: boolean) => void): void;
  close(): Promise<void>;
}

/** Host and port of a NATS URL, never its credentials: for messages and logs. */
export function describeNatsUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 4222}`;
  } catch {
    return 'the DESKSIDE_NATS_URL given';
  }
}

export async function connectBus(url: string, name: string, cluster: string, logger: Logger): Promise<ClusterBus> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 5000 });
  } catch (err) {
    throw new Error(`NATS at ${describeNatsUrl(url)}: ${(err as Error).message || (err as { code?: string }).code || 'unreachable'}`);
  }
  let connected = true;
  const listeners: ((connected: boolean) => void)[] = [];
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' && connected) {
        connected = false;
        logger.warn({ nats: describeNatsUrl(url) }, 'lost the connection to NATS; nodes cannot reach each other until it is back');
        for (const l of listeners) l(false);
      } else if (s.type === 'reconnect' && !connected) {
        connected = true;
        logger.info({ nats: describeNatsUrl(url) }, 'reconnected to NATS');
        for (const l of listeners) l(true);
      }
    }
  })().catch(() => {});
  const subs = new Set<Subscription>();
  return {
    subjects: subjects(cluster),
    publish(subject, data) {
      // Publishing while disconnected is buffered by the client up to its limit, then dropped:
      // session traffic has its own flow control and ends when the peer falls silent.
      try {
        nc.publish(subject, data);
      } catch (err) {
        logger.debug({ err: (err as Error).message, subject }, 'publish failed');
      }
    },
    subscribe(subject, handler) {
      const sub = nc.subscribe(subject, {
        callback: (err, msg) => {
          if (err) return;
          handler(msg.data, msg.reply ? (data) => msg.respond(data) : null);
        },
      });
      subs.add(sub);
      return {
        stop: () => {
          subs.delete(sub);
          sub.unsubscribe();
        },
      };
    },
    async request(subject, data, timeoutMs) {
      return (await nc.request(subject, data, { timeout: timeoutMs })).data;
    },
    onConnection(listener) {
      listeners.push(listener);
    },
    get connected() {
      return connected && !nc.isClosed();
    },
    async close() {
      for (const s of subs) s.unsubscribe();
      await nc.drain().catch(() => nc.close());
    },
  };
}
