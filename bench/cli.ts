import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, ROOT, round, type Report } from './lib.js';

const CLI = path.join(ROOT, 'dist', 'deskside', 'main.js');

/** Milliseconds from start to exit of one process. */
function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * What starting `deskside` costs before it does anything, beside Node's own start in the same
 * run, rounds alternating so that a busy moment hits all three alike: `--version` (nothing to
 * load), and a command that reads the sign-in (here: none, so it stops there).
 */
export async function cliBench(smoke: boolean): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [], spreads: {} };
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bench-cli-'));
  const env = { ...process.env, DESKSIDE_CONFIG_DIR: config };
  const rounds = smoke ? 3 : 15;
  const runs: Record<string, number[]> = { 'cli.nodeStartMs': [], 'cli.startMs': [], 'cli.commandStartMs': [] };
  try {
    for (let i = 0; i < rounds; i++) {
      runs['cli.nodeStartMs']!.push(timed(['-e', '0'], env));
      runs['cli.startMs']!.push(timed([CLI, '--version'], env));
      runs['cli.commandStartMs']!.push(timed([CLI, 'devices'], env));
    }
  } finally {
    fs.rmSync(config, { recursive: true, force: true });
  }
  for (const [key, ms] of Object.entries(runs)) {
    report.values[key] = round(percentile(ms, 50), 1);
    report.spreads![key] = [round(Math.min(...ms), 1), round(Math.max(...ms), 1)];
  }
  report.notes.push(`cli: medians of ${rounds} rounds, alternating; node -e 0 is the floor any Node program pays`);
  return report;
}
