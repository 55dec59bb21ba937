import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inventoryHash } from '../shared/inventoryHash.js';
import { InventoryIngest } from '../server/commands/ingestInventory.js';
import { createLogger } from '../server/logger.js';
import { openSqliteStore } from '../server/storage/index.js';
import { collectInventory } from '../agent/inventory/collect.js';
import { percentile, round, type Report } from './lib.js';

/** Changed full inventory documents stored per second (this PC's real inventory, varied per write). */
export async function ingestBench(smoke: boolean): Promise<Report> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-ingest-'));
  const store = await openSqliteStore(path.join(dir, 'bench.db'));
  try {
    const base = await collectInventory();
    const devices = smoke ? 5 : 200;
    const ids: string[] = [];
    for (let i = 0; i < devices; i++) {
      const id = randomUUID();
      await store.devices.create({ id, hostname: `bench-${i}`, platform: 'linux', agentVersion: 'bench', secretHash: 'x', enrolledAt: new Date().toISOString() });
      ids.push(id);
    }
    const rounds = smoke ? 1 : 5;
    const perRound = smoke ? 20 : 400;
    // Every document differs (a kernel update and one package updated), as a report that changed
    // would; agents hash their documents, so that is done before the clock starts.
    const reports = Array.from({ length: devices + rounds * perRound }, (_, i) => {
      const doc = { ...base, os: { ...base.os, kernel: `${base.os.kernel ?? 'k'}-${i}` }, software: base.software.map((s, j) => (j === 0 ? { ...s, version: String(i) } : s)) };
      return { doc, hash: inventoryHash(doc) };
    });
    // As the server's agent handler does: each device's report checked against its stored
    // section hashes, all devices reporting at once (a fleet after a software rollout).
    const ingest = new InventoryIngest(store, createLogger('silent'));
    const storeReports = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += devices) {
        await Promise.all(
          ids.map(async (id, d) => {
            if (i + d >= from + count) return;
            const device = (await store.devices.findById(id))!;
            await ingest.submit(device, reports[i + d]!.hash, reports[i + d]!.doc);
          }),
        );
      }
    };
    await storeReports(0, devices); // each device's first report: not a change, not timed
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const started = process.hrtime.bigint();
      await storeReports(devices + r * perRound, perRound);
      rates.push(perRound / (Number(process.hrtime.bigint() - started) / 1e9));
    }
    return {
      values: { 'inventory.ingestPerSec': round(percentile(rates, 50), 1) },
      spreads: { 'inventory.ingestPerSec': [round(Math.min(...rates), 1), round(Math.max(...rates), 1)] },
      reasons: {},
      notes: [
        `ingest: changed documents of ${base.software.length} packages from ${devices} devices reporting together, SQLite (WAL) in a temporary folder; ` +
          `median of ${rounds} rounds of ${perRound} (${rates.map((v) => Math.round(v)).join('/')} per second)`,
      ],
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
