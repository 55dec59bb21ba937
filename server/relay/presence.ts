import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { TurnBatch, yieldToEventLoop } from '../turnBatch.js';

/** Devices per statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

interface PresenceChange {
  deviceId: string;
  online: boolean;
  at: string;
  done: () => void;
}

/**
 * The devices' online flags and last-seen times, written in a few statements instead of one per
 * device. A fleet that reconnects at once (a server restart, a network outage) sends thousands
 * of hellos and closes within a second; written one by one, each a commit, they held the event
 * loop for seconds and every heartbeat waited behind them.
 *
 * Online/offline changes are flushed on the next turn of the event loop, so a caller that waits
 * for set() knows the database agrees before it answers the agent. Last-seen times only need to
 * be roughly right and are flushed in batches by the hub. Between chunks the loop is yielded, so
 * sockets are served while a large batch is written.
 */
export class PresenceWriter {
  private readonly changes = new TurnBatch<PresenceChange>((items) => this.write(items));

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    /** This server process: a device online here names it, and only it may set that device offline. */
    private readonly nodeId: string,
  ) {}

  /** Resolves once the change is stored (or failed to be, which is logged). */
  set(deviceId: string, online: boolean, at: string): Promise<void> {
    return new Promise((done) => this.changes.add({ deviceId, online, at, done }));
  }

  /** Resolves when every change made so far is stored. */
  drain(): Promise<void> {
    return this.changes.drain();
  }

  private async write(items: PresenceChange[]): Promise<void> {
    // A device that came and went within the batch: its last state counts.
    const latest = new Map(items.map((i) => [i.deviceId, { online: i.online, at: i.at }]));
    const entries = [...latest];
    try {
      for (let i = 0; i < entries.length; i += CHUNK) {
        if (i > 0) await yieldToEventLoop();
        await this.store.devices.setPresence(new Map(entries.slice(i, i + CHUNK)), this.nodeId);
      }
    } catch (err) {
      this.logger.error({ err, devices: latest.size }, 'could not record devices online or offline');
    }
    for (const item of items) item.done();
  }

  /** Stores last-seen times in chunks, yielding between them. */
  async touch(lastSeen: ReadonlyMap<string, string>): Promise<void> {
    const entries = [...lastSeen];
    for (let i = 0; i < entries.length; i += CHUNK) {
      if (i > 0) await yieldToEventLoop();
      await this.store.devices.touch(new Map(entries.slice(i, i + CHUNK)));
    }
  }
}
