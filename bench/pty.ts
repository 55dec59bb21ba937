import { createRequire } from 'node:module';
import type { Shell } from './shellTiming.js';

const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof import('node-pty');

/** A program in a terminal of its own, as a person runs it: its output is what they would see. */
export interface Terminal extends Shell {
  exited: Promise<void>;
}

export function inTerminal(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Terminal {
  const p = pty.spawn(file, args, { cols: 120, rows: 40, encoding: null, env: env as Record<string, string> });
  const exited = new Promise<void>((resolve) => p.onExit(() => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  return {
    write: (s) => p.write(s),
    onData: (fn) => p.onData((d) => fn(Buffer.from(d as unknown as Uint8Array))),
    // Ended as a person would, by leaving the shell; killed only when that does not end it.
    close: () => {
      p.write('exit\r');
      setTimeout(() => done || p.kill(), 2000).unref();
    },
    exited,
  };
}

