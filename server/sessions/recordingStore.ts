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

/**
 * Asciicast lines gathered and handed to `emit` together, when `chunkChars` have gathered or
 * `flushMs` after the first line waiting: written one by one, every echo of a keystroke was a
 * write of its own on the path of the next one. Stopping abruptly loses at most `flushMs`.
 */
function gathered(chunkChars: number, flushMs: number, emit: (text: string) => void): { write(text: string): void; flush(): void } {
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!buffer) return;
    const text = buffer;
    buffer = '';
    emit(text);
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= chunkChars) flush();
      else if (!timer) (timer = setTimeout(flush, flushMs)).unref();
    },
    flush,
  };
}

export function fileSink(file: string): RecordingSink {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const out = fs.createWriteStream(file, { mode: 0o600 });
  // Small batches: each write is a hop through libuv's thread pool.
  const lines = gathered(16 * 1024, 200, (text) => void out.write(text));
  return {
    write: lines.write,
    end: () => {
      lines.flush();
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
      let seq = 0;
      let writing: Promise<void> = Promise.resolve();
      const lines = gathered(CHUNK_CHARS, FLUSH_MS, (data) => {
        const n = seq++;
        writing = writing.then(() => chunks.append(sessionId, n, data)).catch((err: Error) => logger.error({ err: err.message, sessionId }, 'could not store part of a session recording'));
      });
      return {
        write: lines.write,
        async end() {
          lines.flush();
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
