#!/usr/bin/env node
/**
 * `npm run bench [-- <name> ...] [-- --smoke] [-- --out FILE]`: the numbers that say whether
 * Deskside holds a fleet, each against a baseline measured in the same run. Prints a table and
 * writes bench/results.json: every key of KEYS, a number or null (with its reason under
 * "reasons"). `--smoke` runs each benchmark tiny, to prove it still works; its numbers mean
 * nothing, so it writes a file only when given `--out`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentBench } from './agent.js';
import { agentsBench } from './agents.js';
import { cliBench } from './cli.js';
import { clusterBench } from './cluster.js';
import { faqBench } from './faq.js';
import { pagingBench } from './paging.js';
import { apiBench } from './api.js';
import { ingestBench } from './ingest.js';
import { KEYS } from './keys.js';
import { runTable, withRunTable } from './readme.js';
import { ROOT, type Report } from './lib.js';
import { relayBench } from './relay.js';
import { terminalsBench } from './terminals.js';


const BENCHES: Record<string, (smoke: boolean) => Promise<Report>> = {
  relay: relayBench,
  terminals: terminalsBench,
  inventory: ingestBench,
  api: apiBench,
  agent: agentBench,
  cli: cliBench,
  agents: agentsBench,
  cluster: clusterBench,
  faq: faqBench,
  paging: pagingBench,
};
/**
 * Run when none is named. The cluster benchmark needs PostgreSQL and NATS and about ten minutes
 * at full size: it runs when asked for (`npm run bench -- cluster`).
 */
const DEFAULT = ['relay', 'terminals', 'inventory', 'api', 'agent', 'cli', 'agents', 'faq', 'paging'];

const RESULTS = path.join(ROOT, 'bench', 'results.json');
const README = path.join(ROOT, 'bench', 'README.md');

function readPrevious(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // a damaged results file is replaced, not fatal
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { smoke: { type: 'boolean' }, out: { type: 'string' }, readme: { type: 'string' } }, allowPositionals: true, strict: true });
  const unknown = positionals.filter((p) => !(p in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark "${unknown[0]}"; choose from ${Object.keys(BENCHES).join(', ')}`);
  const names = positionals.length ? positionals : DEFAULT;
  const out = values.out ? path.resolve(values.out) : values.smoke ? null : RESULTS;
  // A full-size run into the default results file writes its table into bench/README.md.
  const readme = values.readme ? path.resolve(values.readme) : out === RESULTS ? README : null;
  const today = new Date().toISOString().slice(0, 10);
  // A partial run (`npm run bench -- relay`) keeps the other benchmarks' last numbers.
  const previous = out ? readPrevious(out) : {};
  const results: Record<string, number | null> = Object.fromEntries(KEYS.map((k) => [k, typeof previous[k] === 'number' ? previous[k] : null]));
  // Reasons and spreads of keys no benchmark has any more are dropped with them.
  const known = new Set<string>(KEYS);
  const reasons: Record<string, string> = Object.fromEntries(Object.entries((previous.reasons as Record<string, string> | undefined) ?? {}).filter(([k]) => known.has(k)));
  // `<key>.spread`: [lowest, highest] round of a value that is a median of rounds.
  const spreads: Record<string, [number, number]> = Object.fromEntries(
    Object.entries(previous).filter((e): e is [string, [number, number]] => e[0].endsWith('.spread') && Array.isArray(e[1]) && known.has(e[0].slice(0, -'.spread'.length))),
  );
  const measuredOn: Record<string, string> = Object.fromEntries(
    Object.entries((previous.measuredOn as Record<string, string> | undefined) ?? {}).filter(([k, d]) => known.has(k) && typeof d === 'string'),
  );
  const notes: string[] = [];
  for (const name of names) {
    process.stdout.write(`running ${name}${values.smoke ? ' (smoke)' : ''}…\n`);
    const r = await BENCHES[name]!(values.smoke ?? false);
    for (const [k, v] of Object.entries(r.values)) {
      results[k] = v;
      measuredOn[k] = today;
      const spread = r.spreads?.[k];
      if (spread) spreads[`${k}.spread`] = spread;
      else delete spreads[`${k}.spread`];
      if (v === null) reasons[k] = r.reasons[k] ?? 'not measured';
      else delete reasons[k];
    }
    notes.push(...r.notes);
  }
  for (const k of KEYS) if (results[k] === null) reasons[k] ??= 'not measured yet (run npm run bench)';
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ ...results, ...spreads, reasons, measuredOn }, null, 2)}\n`);
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  if (readme) {
    const table = runTable(today, machine, { results, spreads, reasons, measuredOn });
    fs.writeFileSync(readme, withRunTable(fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : '# Benchmarks\n', today, table));
  }
  const width = Math.max(...KEYS.map((k) => k.length));
  process.stdout.write(`\n${'key'.padEnd(width)}  value\n`);
  for (const k of KEYS) {
    const spread = spreads[`${k}.spread`];
    const value = results[k] === null ? `null (${reasons[k]})` : `${results[k]}${spread ? ` (${spread[0]}–${spread[1]})` : ''}`;
    process.stdout.write(`${k.padEnd(width)}  ${value}\n`);
  }
  process.stdout.write(`\nmachine: ${machine}\n`);
  for (const n of notes) process.stdout.write(`- ${n}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    // Where and why: undici's "fetch failed" says neither; its cause (and the stack) does.
    const chain: string[] = [];
    for (let e: unknown = err; e !== undefined && chain.length < 5; e = e instanceof Error ? e.cause : undefined) {
      chain.push(e instanceof Error ? (chain.length === 0 ? (e.stack ?? e.message) : `caused by: ${e.message}`) : String(e));
    }
    process.stderr.write(`bench: ${chain.join('\n')}\n`);
    process.exit(1);
  },
);
