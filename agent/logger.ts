import fs from 'node:fs';
import { pino, type Logger } from 'pino';

const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** JSON logs to the agent's log file (rotated once at 5 MB) and to stderr. */
export function createAgentLogger(file: string | null, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const streams: pino.StreamEntry[] = [{ stream: process.stderr, level: level as pino.Level }];
  if (file) {
    try {
      if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
    } catch {
      // No log yet.
    }
    streams.push({ stream: pino.destination({ dest: file, mkdir: true, sync: false }), level: level as pino.Level });
  }
  return pino(
    { level, base: { app: 'deskside-agent' }, redact: { paths: ['deviceSecret', 'token', '*.deviceSecret', '*.token'], censor: '[redacted]' } },
    pino.multistream(streams),
  );
}
