import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KEYS } from '../../bench/keys.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

// Benchmarks are not tests: no number is asserted here. A tiny run of each proves they still work.
describe('npm run bench -- --smoke', () => {
  it('runs every benchmark and writes each key as a number, or null with a reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-test-'));
    const out = path.join(dir, 'results.json');
    let stdout: string;
    let results: Record<string, unknown> & { reasons: Record<string, string> };
    try {
      ({ stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist', 'bench', 'run.js'), '--smoke', '--out', out], { timeout: 170_000 }));
      results = JSON.parse(fs.readFileSync(out, 'utf8')) as typeof results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Every key, its reasons, and a spread ([lowest, highest] round) beside a median of rounds.
    const spreads = Object.keys(results).filter((k) => k.endsWith('.spread'));
    expect(Object.keys(results).filter((k) => !k.endsWith('.spread')).sort()).toEqual([...KEYS, 'measuredOn', 'reasons'].sort());
    // Each key this run measured says when (today); the cluster's keys, not in the default run, say nothing.
    const measuredOn = results.measuredOn as unknown as Record<string, string>;
    const today = new Date().toISOString().slice(0, 10);
    for (const key of KEYS) {
      if (key.startsWith('cluster.') || key.startsWith('store.')) expect(measuredOn[key], key).toBeUndefined();
      else expect([today, new Date(Date.now() - 3_600_000).toISOString().slice(0, 10)], key).toContain(measuredOn[key]);
    }
    for (const k of spreads) {
      const [lo, hi] = results[k] as unknown as [number, number];
      const v = results[k.slice(0, -'.spread'.length)] as number;
      expect(lo <= v && v <= hi, `${k} = [${lo}, ${hi}] around ${v}`).toBe(true);
    }
    expect(spreads).toEqual(expect.arrayContaining(['cli.startMs.spread', 'cli.nodeStartMs.spread', 'cli.commandStartMs.spread', 'relay.cli.MBps.spread', 'relay.cli.keystrokeP99Ms.spread', 'agent.idleRssMb.spread']));
    for (const key of KEYS) {
      const v = results[key];
      if (v === null) expect(results.reasons[key], key).toMatch(/\w/);
      else expect(Number.isFinite(v), `${key} = ${String(v)}`).toBe(true);
      expect(stdout).toContain(key);
    }
    // What can be measured on any Linux machine is measured, not skipped.
    for (const key of ['relay.relayMBps', 'relay.commandRoundTripP50Ms', 'relay.cli.MBps', 'relay.cli.keystrokeP50Ms', 'relay.shellReadyAddedMs', 'inventory.ingestPerSec', 'api.ticketListRps', 'agent.collectSeconds', 'agent.idleAnonMb', 'server.idleRssMb', 'cli.startMs']) {
      expect(typeof results[key], key).toBe('number');
    }
  }, 180_000);

  it('names the benchmarks it has when asked for one it does not', async () => {
    const err = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist', 'bench', 'run.js'), 'nosuch']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/unknown benchmark "nosuch".*relay/);
  });

  // Not in the default run (it needs PostgreSQL and NATS, and minutes at full size): run tiny here.
  it('runs the cluster benchmark when named, and measures every one of its keys', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-cluster-'));
    const out = path.join(dir, 'results.json');
    let results: Record<string, unknown>;
    try {
      await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist', 'bench', 'run.js'), 'cluster', '--smoke', '--out', out], { timeout: 110_000 });
      results = JSON.parse(fs.readFileSync(out, 'utf8')) as typeof results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const key of KEYS.filter((k) => k.startsWith('cluster.') || k.startsWith('store.'))) {
      expect(typeof results[key], key).toBe('number');
      expect(Number.isFinite(results[key]), key).toBe(true);
    }
    expect(results['cluster.agentsConnected']).toBe(90);
  }, 120_000);
});
