import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { RecordingChunkRepo } from '../storage/repos/recordings.js';

/** Where a recording goes as it is made: asciicast lines, in order. */
export interface RecordingSink {
  write(text: string): void;
  end(): Promise<void>;
}

/**
 * Session recordings, behind one interface. With SQLite (one process) they are files in the
 * data folder. With PostgreSQL they are chunks in the database: in a cluster any node must play
 * any recording, and the database is the one thing every node already shares and backs up (a
 * shared folder would be one more mount to keep on every node, and one more backup).
 */
export interface RecordingStore {
  /** What `shell_sessions.recording_file` keeps for a new session's recording. */
  place(sessionId: string, at: Date): string;
  create(ref: string, sessionId: string): RecordingSink;
  /** The recording's bytes, or null when there is none. */
  read(ref: string, sessionId: string): Promise<AsyncIterable<Buffer> | null>;
}

/** The `recording_file` value of a recording kept in the database. */
export const IN_DATABASE = 'database';
/** Database chunks are written when this much has gathered, or after FLUSH_MS. */
const CHUNK_CHARS = 64 * 1024;
const FLUSH_MS = 1_000;

/** A recording file is written when this much has gathered, or after FILE_FLUSH_MS. */
const FILE_CHUNK_CHARS = 16 * 1024;
const FILE_FLUSH_MS = 200;

/**
 * Lines are gathered and written together: written one by one, every echo of a keystroke was a
 * write through libuv's thread pool, with its thread switches, on the path of the next one. A
 * server that stops abruptly loses at most FILE_FLUSH_MS of the recording's end.
 */
export function fileSink(file: string): RecordingSink {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer) out.write(buffer);
    buffer = '';
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= FILE_CHUNK_CHARS) flush();
      else timer ??= setTimeout(flush, FILE_FLUSH_MS);
    },
    end: () => {
      flush();
      return new Promise((resolve) => out.end(() => resolve()));
    },
  };
}

async function readFile(file: string): Promise<AsyncIterable<Buffer> | null> {
  const stat = await fs.promises.stat(file).catch(() => null);
  return stat ? fs.createReadStream(file) : null;
}

export function fileRecordings(dataDir: string): RecordingStore {
  return {
    place: (id, at) => path.join('recordings', at.toISOString().slice(0, 7), `${id}.cast`),
    create: (ref) => fileSink(path.join(dataDir, ref)),
    read: (ref) => readFile(path.join(dataDir, ref)),
  };
}

export function databaseRecordings(chunks: RecordingChunkRepo, dataDir: string, logger: Logger): RecordingStore {
  return {
    place: () => IN_DATABASE,
    create(_ref, sessionId) {
      let buffer = '';
      let seq = 0;
      let writing: Promise<void> = Promise.resolve();
      const flush = () => {
        if (!buffer) return;
        const data = buffer;
        const n = seq++;
        buffer = '';
        writing = writing.then(() => chunks.append(sessionId, n, data)).catch((err: Error) => logger.error({ err: err.message, sessionId }, 'could not store part of a session recording'));
      };
      const timer = setInterval(flush, FLUSH_MS);
      timer.unref();
      return {
        write(text) {
          buffer += text;
          if (buffer.length >= CHUNK_CHARS) flush();
        },
        async end() {
          clearInterval(timer);
          flush();
          await writing;
        },
      };
    },
    async read(ref, sessionId) {
      // Recordings made before the move to PostgreSQL (or imported) may still be files.
      if (ref !== IN_DATABASE) return readFile(path.join(dataDir, ref));
      if (!(await chunks.exists(sessionId))) return null;
      return (async function* () {
        for await (const data of chunks.read(sessionId)) yield Buffer.from(data, 'utf8');
      })();
    },
  };
}
