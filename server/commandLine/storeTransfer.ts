import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { z } from 'zod';
import { describeZodError } from '../../shared/protocol/codec.js';
import { VERSION } from '../../shared/version.js';
import { IN_DATABASE } from '../sessions/recordingStore.js';
import { TABLES, type Row } from '../storage/dump.js';
import type { Store } from '../storage/types.js';

/**
 * The export file: JSON lines. A header, then the rows of each table in batches (references
 * first), then the session recordings in chunks. Plain text, so it can be checked, compressed
 * and kept as a backup; read back one line at a time, so its size is not bounded by memory.
 */
const FORMAT = 'deskside-export';
const Header = z.object({ format: z.literal(FORMAT), formatVersion: z.literal(1), serverVersion: z.string(), dialect: z.string(), createdAt: z.string() });
const TableNames = TABLES.map((t) => t.name) as [string, ...string[]];
const Batch = z.object({ table: z.enum(TableNames), rows: z.array(z.record(z.string(), z.unknown())).max(10_000) });
// Recordings live under <data>/recordings/YYYY-MM/<session id>.cast: nothing else may be written.
const RecordingPath = z.string().regex(/^recordings\/\d{4}-\d{2}\/[A-Za-z0-9-]{1,64}\.cast$/, 'expected recordings/YYYY-MM/<id>.cast');
const Chunk = z.object({ recording: RecordingPath, offset: z.number().int().min(0), data: z.string().max(1_500_000) });
const CHUNK_BYTES = 512 * 1024;

export interface TransferSummary {
  rows: Map<string, number>;
  recordings: number;
}

/** Writes the whole store (and the recordings in `dataDir`) to `out`. */
export async function exportStore(store: Store, dataDir: string, out: NodeJS.WritableStream): Promise<TransferSummary> {
  const write = (value: unknown) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(`${JSON.stringify(value)}\n`)) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  await write({ format: FORMAT, formatVersion: 1, serverVersion: VERSION, dialect: store.dialect, createdAt: new Date().toISOString() });
  const rows = new Map<string, number>();
  const recordingFiles: string[] = [];
  for (const t of TABLES) {
    for await (const page of store.dump.rows(t.name)) {
      await write({ table: t.name, rows: page });
      rows.set(t.name, (rows.get(t.name) ?? 0) + page.length);
      // Recordings kept in the database travel as the recording_chunks table; files follow the rows.
      if (t.name === 'shell_sessions') for (const r of page) if (typeof r.recording_file === 'string' && r.recording_file !== IN_DATABASE) recordingFiles.push(r.recording_file);
    }
  }
  let recordings = 0;
  for (const file of recordingFiles) {
    let fd: number;
    try {
      fd = fs.openSync(path.join(dataDir, file), 'r');
    } catch {
      continue; // A session that never started has a name but no file.
    }
    try {
      const buf = Buffer.alloc(CHUNK_BYTES);
      for (let offset = 0; ; ) {
        const n = fs.readSync(fd, buf, 0, CHUNK_BYTES, offset);
        if (n === 0) break;
        await write({ recording: file, offset, data: buf.subarray(0, n).toString('base64') });
        offset += n;
      }
      recordings++;
    } finally {
      fs.closeSync(fd);
    }
  }
  return { rows, recordings };
}

export class ImportError extends Error {}

/**
 * Reads an export into `store`, which must be empty (a new database): every row in one
 * transaction, so a bad line leaves the store as it was. Recordings go to `dataDir`.
 */
export async function importStore(store: Store, dataDir: string, input: NodeJS.ReadableStream): Promise<TransferSummary> {
  for (const t of TABLES) {
    const n = await store.dump.count(t.name);
    if (n > 0) throw new ImportError(`the target database is not empty (${t.name}: ${n} rows); import only into a new database`);
  }
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNo = 0;
  const next = async (): Promise<unknown> => {
    const r = await lines.next();
    if (r.done) return undefined;
    lineNo++;
    try {
      return JSON.parse(r.value) as unknown;
    } catch {
      throw new ImportError(`line ${lineNo}: not JSON`);
    }
  };
  const check = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw new ImportError(`line ${lineNo}: ${describeZodError(r.error)}`);
    return r.data;
  };
  check(Header, await next());
  // Recording chunks are written while the rows' transaction is still open: a bad line anywhere
  // rolls the rows back and removes the files, so a failed import leaves nothing behind.
  const written = new Set<string>();
  async function* batches(): AsyncIterable<{ table: string; rows: Row[] }> {
    for (let v = await next(); v !== undefined; v = await next()) {
      if (typeof v !== 'object' || v === null || !('recording' in v)) {
        yield check(Batch, v);
        continue;
      }
      const chunk = check(Chunk, v);
      const file = path.join(dataDir, chunk.recording);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const fd = fs.openSync(file, written.has(file) ? 'r+' : 'w', 0o600);
      written.add(file);
      try {
        fs.writeSync(fd, Buffer.from(chunk.data, 'base64'), 0, undefined, chunk.offset);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  let rows: Map<string, number>;
  try {
    rows = await store.dump.importAll(batches());
  } catch (err) {
    for (const file of written) fs.rmSync(file, { force: true });
    throw err;
  }
  return { rows, recordings: written.size };
}
