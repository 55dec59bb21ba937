import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. Secrets never reach a log call; the redact list is a second
 * line of defence for fields that commonly carry them.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'deskside-server' },
      redact: {
        paths: ['password', 'token', 'secret', 'deviceSecret', '*.password', '*.token', '*.secret', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(1),
  );
}
