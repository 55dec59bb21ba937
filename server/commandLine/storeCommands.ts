import fs from 'node:fs';
import { parse, UsageError } from '../../shared/cli.js';
import type { Config } from '../env.js';
import { openStore } from '../storage/open.js';
import { describePostgresUrl } from '../storage/postgres.js';
import { exportStore, importStore, type TransferSummary } from './storeTransfer.js';

const err = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

function where(config: Config): string {
  const url = config.databaseUrl;
  return url && /^postgres/.test(url) ? `PostgreSQL at ${describePostgresUrl(url)}` : `SQLite in ${url?.startsWith('sqlite:') ? url.slice(7) : config.dataDir}`;
}

function summary(s: TransferSummary): string {
  const rows = [...s.rows.values()].reduce((a, b) => a + b, 0);
  const tables = [...s.rows].filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
  return `${rows} rows (${tables || 'none'}), ${s.recordings} recordings`;
}

/** Brings the database's schema up to this version; safe to run on every node and at every start. */
export async function migrate(config: Config, args: string[]): Promise<void> {
  parse(args, {});
  const store = await openStore(config);
  await store.close();
  out(`${where(config)}: schema is up to date`);
}

export async function exportCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parse(args, { output: { type: 'string', short: 'o' } });
  const store = await openStore(config);
  try {
    const file = values.output;
    const stream = file ? fs.createWriteStream(file, { mode: 0o600 }) : process.stdout;
    const result = await exportStore(store, config.dataDir, stream);
    if (file) await new Promise<void>((resolve, reject) => (stream as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
    // The summary goes to stderr: stdout may be the export itself.
    err(`Exported ${summary(result)} from ${where(config)}${file ? ` to ${file}` : ''}`);
  } finally {
    await store.close();
  }
}

export async function importCommand(config: Config, args: string[]): Promise<void> {
  const { positionals } = parse(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('import needs a FILE (from deskside-server export), or - for standard input');
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  if (file !== '-') await new Promise<void>((resolve, reject) => input.once('open', () => resolve()).once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot read ${file}: ${e.code ?? e.message}`))));
  const store = await openStore(config);
  try {
    out(`Imported ${summary(await importStore(store, config.dataDir, input))} into ${where(config)}`);
  } finally {
    await store.close();
  }
}
