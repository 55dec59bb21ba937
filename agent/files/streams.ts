import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes a chunk and waits while the reader is behind: nothing piles up in this process. */
export async function writeOut(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
