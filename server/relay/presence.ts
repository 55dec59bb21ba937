import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';

/** Devices per statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  private pending = new Map<string, { online: boolean; at: string; done: (() => void)[] }>();
  private scheduled = false;
  /** Flushes run one after another, so a later change is never overwritten by an earlier one. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the change is stored (or failed to be, which is logged). */
  set(deviceId: string, online: boolean, at: string): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.pending.get(deviceId);
      this.pending.set(deviceId, { online, at, done: [...(previous?.done ?? []), resolve] });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.chain = this.chain.then(() => this.flush());
        });
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const entries = [...batch];
    try {
      for (let i = 0; i < entries.length; i += CHUNK) {
        if (i > 0) await yieldToEventLoop();
        await this.store.devices.setPresence(new Map(entries.slice(i, i + CHUNK).map(([id, e]) => [id, { online: e.online, at: e.at }])));
      }
    } catch (err) {
      this.logger.error({ err, devices: batch.size }, 'could not record devices online or offline');
    }
    for (const e of batch.values()) for (const done of e.done) done();
  }

  /** Resolves when every change made so far is stored. */
  async drain(): Promise<void> {
    while (this.scheduled || this.pending.size > 0) await yieldToEventLoop();
    await this.chain;
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
