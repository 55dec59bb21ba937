import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './agent.js';
import { freshSchema, type PgSchema } from './postgres.js';
import { makeApi, startTestServer, type Api, type TestServer } from './server.js';

/** The machine's NATS (CI starts it); every test cluster gets subjects of its own. */
export const NATS_URL = process.env.DESKSIDE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const HAPROXY_CONFIG = path.resolve(import.meta.dirname, '../../deploy/haproxy.cfg');

/** libfaketime (Debian's libfaketime; .ci/run installs it): a process whose clock is off. */
export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
export const skewedClock = (seconds: number) => ({ LD_PRELOAD: FAKETIME_LIB, FAKETIME: `${seconds >= 0 ? '+' : ''}${seconds}`, DONT_FAKE_MONOTONIC: '1' });

export interface ClusterNode extends TestServer {
  nodeId: string;
  /** SIGKILL: no close frames, no lease given back, as a crashed machine. */
  kill(): void;
}

export interface TestCluster {
  schema: PgSchema;
  nodes: ClusterNode[];
  /** Set when started behind HAProxy: the address agents and technicians use. */
  lb?: { url: string; api: Api };
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** `count` real server processes on one PostgreSQL schema and the machine's NATS, optionally behind HAProxy. */
export async function startCluster(
  count: number,
  o: { haproxy?: boolean; env?: Record<string, string>; nodeEnv?: (index: number) => Record<string, string> } = {},
): Promise<TestCluster> {
  const schema = await freshSchema();
  const env = {
    DATABASE_URL: schema.url,
    DESKSIDE_NATS_URL: NATS_URL,
    DESKSIDE_CLUSTER_NAME: `test-${randomUUID().slice(0, 8)}`,
    // Every node must sign and check session tokens with the same secret.
    DESKSIDE_JWT_SECRET: randomBytes(32).toString('hex'),
    ...o.env,
  };
  const nodes: ClusterNode[] = [];
  let haproxy: ChildProcess | undefined;
  const stop = async () => {
    haproxy?.kill('SIGTERM');
    for (const n of nodes) await n.stop().catch(() => {});
    await schema.drop();
  };
  try {
    // One after the other: the first creates the admin account and runs the migrations.
    for (let i = 0; i < count; i++) {
      const s = await startTestServer({ ...env, ...o.nodeEnv?.(i) });
      const nodeId = (await s.api.request('GET', '/healthz')).body.node as string;
      nodes.push(Object.assign(s, { nodeId, kill: () => process.kill(s.pid, 'SIGKILL') }));
    }
    let lb: TestCluster['lb'];
    if (o.haproxy) {
      const port = await freePort();
      const nodeEnv = Object.fromEntries(nodes.map((n, i) => [`DESKSIDE_NODE${i + 1}`, `127.0.0.1:${n.port}`]));
      haproxy = spawn('haproxy', ['-db', '-f', HAPROXY_CONFIG], { env: { PATH: process.env.PATH, DESKSIDE_LB_BIND: `127.0.0.1:${port}`, ...nodeEnv }, stdio: 'ignore' });
      const url = `http://127.0.0.1:${port}`;
      lb = { url, api: makeApi(() => url) };
      await waitFor('HAProxy serving', async () => (await lb!.api.request('GET', '/healthz').catch(() => ({ status: 0 }))).status === 200);
    }
    return { schema, nodes, ...(lb ? { lb } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
