/**
 * A process of simulated agents, driven by bench/agents.ts over IPC. Many protocol clients per
 * process, spread over loopback source addresses so ephemeral ports never run out; as many of
 * these processes as the open-file limit needs.
 */
import { z } from 'zod';
import { InventoryDocument } from '../../shared/inventory.js';
import { inventoryHash } from '../../shared/inventoryHash.js';
import { SimAgent } from './simAgent.js';

export const SimCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    /** The node to connect to first, then the others (see SimOptions.urls). */
    urls: z.array(z.string().url()).min(1),
    devices: z.array(z.object({ id: z.string().uuid(), secret: z.string().min(1), hostname: z.string().min(1) })),
    addresses: z.array(z.string()).min(1),
    /** Each agent reports this with its own hostname. */
    document: InventoryDocument,
    /** Connections opening at once while the fleet first comes up (real PCs boot over an hour). */
    rampConcurrency: z.number().int().positive(),
  }),
  /** Hand over the heartbeat round trips measured since the last call. */
  z.object({ type: z.literal('rtts') }),
  /** Report once the server acknowledged every agent's inventory: first reports are stored. */
  z.object({ type: z.literal('acked') }),
  /** Drop every connection at once and report when all are back. */
  z.object({ type: z.literal('drop') }),
  /** Report once every agent has been welcomed after `since` (ms since the epoch): a failover. */
  z.object({ type: z.literal('rewelcomed'), since: z.number() }),
  z.object({ type: z.literal('stop') }),
]);
export type SimCommand = z.infer<typeof SimCommand>;

export type SimReport =
  | { type: 'online'; seconds: number }
  | { type: 'rtts'; values: number[] }
  | { type: 'recovered'; seconds: number; each: number[] }
  | { type: 'rewelcomed'; at: number }
  | { type: 'acked'; at: number }
  | { type: 'failed'; message: string };

const report = (r: SimReport) => process.send!(r);
let agents: SimAgent[] = [];
let rtts: number[] = [];
let waiting: { left: number; started: bigint; each: number[]; done(seconds: number, each: number[]): void } | undefined;

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

function onWelcome(): void {
  if (!waiting) return;
  waiting.left -= 1;
  waiting.each.push(since(waiting.started));
  if (waiting.left === 0) {
    const w = waiting;
    waiting = undefined;
    w.done(since(w.started), w.each);
  }
}

function untilAllOnline(done: (seconds: number, each: number[]) => void): void {
  waiting = { left: agents.filter((a) => !a.online).length, started: process.hrtime.bigint(), each: [], done };
  if (waiting.left === 0) onWelcome();
}

function start(cmd: Extract<SimCommand, { type: 'start' }>): void {
  agents = cmd.devices.map((device, i) => {
    const document = { ...cmd.document, os: { ...cmd.document.os, hostname: device.hostname } };
    // Agents that lose their node spread over the others, as a balancer would spread them.
    const [first, ...others] = cmd.urls;
    const turn = others.length ? i % others.length : 0;
    return new SimAgent(device, {
      urls: [first!, ...others.slice(turn), ...others.slice(0, turn)],
      localAddress: cmd.addresses[i % cmd.addresses.length]!,
      document,
      hash: inventoryHash(document),
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      onWelcome: () => {
        onWelcome();
        ramp();
      },
      onHeartbeatRtt: (ms) => rtts.push(ms),
    });
  });
  let next = 0;
  // Each welcome lets the next agent in, keeping `rampConcurrency` handshakes in flight.
  const ramp = () => {
    if (next < agents.length) agents[next++]!.connect();
  };
  untilAllOnline((seconds) => report({ type: 'online', seconds }));
  for (let i = 0; i < cmd.rampConcurrency; i++) ramp();
}

/** Calls `then` once `ready` holds, checking every 50 ms. */
function when(ready: () => boolean, then: () => void): void {
  const check = setInterval(() => {
    if (!ready()) return;
    clearInterval(check);
    then();
  }, 50);
}

process.on('message', (raw: unknown) => {
  const parsed = SimCommand.safeParse(raw);
  if (!parsed.success) return report({ type: 'failed', message: `bad command: ${parsed.error.message}` });
  const cmd = parsed.data;
  switch (cmd.type) {
    case 'start':
      return start(cmd);
    case 'rtts':
      report({ type: 'rtts', values: rtts });
      rtts = [];
      return;
    case 'drop':
      for (const a of agents) a.drop();
      return untilAllOnline((seconds, each) => report({ type: 'recovered', seconds, each }));
    case 'rewelcomed':
      return when(
        () => agents.every((a) => a.online && a.welcomedAt > cmd.since),
        () => report({ type: 'rewelcomed', at: Date.now() }),
      );
    case 'acked':
      return when(
        () => agents.every((a) => a.acked),
        () => report({ type: 'acked', at: Date.now() }),
      );
    case 'stop':
      for (const a of agents) a.stop();
      process.exit(0);
  }
});

process.on('uncaughtException', (err) => {
  report({ type: 'failed', message: err.message });
  process.exit(1);
});
