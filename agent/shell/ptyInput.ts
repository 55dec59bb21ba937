import fs from 'node:fs';

/** How long to wait before trying again when the shell has not read what was typed yet. */
const RETRY_MS = 5;

/**
 * What the technician types, written to the pty's master side in the same turn it arrives.
 * node-pty writes through `fs.write`, i.e. a hop to libuv's thread pool and back for every
 * keystroke: two thread switches on the path of each echo, and on a busy two-core PC a wait
 * for a free core. A pty accepts a keystroke at once, so it is written synchronously here; only
 * when the pty is full (a long paste into a shell that is not reading) does the rest wait, in
 * order, for RETRY_MS at a time.
 */
export class PtyInput {
  private readonly queue: Buffer[] = [];
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  /** `fd`: the master side of the pty, opened non-blocking by node-pty. */
  constructor(private readonly fd: number) {}

  write(data: Buffer): void {
    if (this.closed || data.length === 0) return;
    this.queue.push(data);
    if (this.queue.length === 1) this.drain();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.queue.length = 0;
  }

  private drain(): void {
    this.retry = undefined;
    while (this.queue.length > 0 && !this.closed) {
      const head = this.queue[0]!;
      let written: number;
      try {
        written = fs.writeSync(this.fd, head);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.retry = setTimeout(() => this.drain(), RETRY_MS);
          return;
        }
        // EIO or EBADF: the shell is gone, and its exit is on its way.
        this.close();
        return;
      }
      if (written < head.length) this.queue[0] = head.subarray(written);
      else this.queue.shift();
    }
  }
}
