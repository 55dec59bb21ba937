import type { Device, Store } from '../storage/types.js';
import { TurnBatch } from '../turnBatch.js';

/** Ids per statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

interface Wanted {
  id: string;
  resolve: (device: Device | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Device rows for agent handshakes, read together: when a node dies and its 15,000 agents land
 * on the others within seconds, each credential check would otherwise be its own round trip to
 * the database, and the handshakes queued behind one another time out. Ids asked for during one
 * turn of the event loop are read in one statement; while it runs, the next ones gather. A lone
 * handshake waits one turn.
 */
export class DeviceLookup {
  private readonly batch = new TurnBatch<Wanted>((items) => this.read(items));

  constructor(private readonly store: Pick<Store, 'devices'>) {}

  findById(id: string): Promise<Device | undefined> {
    return new Promise((resolve, reject) => this.batch.add({ id, resolve, reject }));
  }

  private async read(items: Wanted[]): Promise<void> {
    try {
      const ids = [...new Set(items.map((i) => i.id))];
      const found = new Map<string, Device>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        for (const d of await this.store.devices.findByIds(ids.slice(i, i + CHUNK))) found.set(d.id, d);
      }
      for (const item of items) item.resolve(found.get(item.id));
    } catch (err) {
      for (const item of items) item.reject(err);
    }
  }
}
