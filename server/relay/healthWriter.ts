import type { DeviceHealth, Store } from '../storage/types.js';
import { TurnBatch, yieldToEventLoop } from '../turnBatch.js';

/** Reports per transaction; the loop is yielded between them. */
const CHUNK = 500;

interface HealthReport {
  deviceId: string;
  health: DeviceHealth;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * The agents' health reports, stored per turn of the event loop in a few transactions instead
 * of a commit each. Every agent reports as it connects, so a fleet coming back at once (a
 * server restart, a network outage) sends thousands within a second, on top of its hellos.
 */
export class HealthWriter {
  private readonly reports = new TurnBatch<HealthReport>((items) => this.write(items));

  constructor(private readonly store: Store) {}

  /** Resolves once the report is stored; rejects with the database's error when it could not be. */
  save(deviceId: string, health: DeviceHealth): Promise<void> {
    return new Promise((resolve, reject) => this.reports.add({ deviceId, health, resolve, reject }));
  }

  private async write(items: HealthReport[]): Promise<void> {
    for (let i = 0; i < items.length; i += CHUNK) {
      if (i > 0) await yieldToEventLoop();
      const chunk = items.slice(i, i + CHUNK);
      try {
        // In order: a device that reported twice in the batch keeps its later report.
        await this.store.transaction(async (repos) => {
          for (const r of chunk) await repos.devices.setHealth(r.deviceId, r.health);
        });
        for (const r of chunk) r.resolve();
      } catch (err) {
        for (const r of chunk) r.reject(err);
      }
    }
  }
}
