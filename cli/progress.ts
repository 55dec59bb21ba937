import { progressFacts, progressWords } from '../shared/transferProgress.js';

export { formatBytes } from '../shared/transferProgress.js';

/**
 * A one-line progress bar on a terminal: done, total, speed and time left, redrawn at most a
 * few times a second. Off a terminal it stays silent (a script reads the last line only).
 */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private readonly on: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    /** Bytes that were there before (a resume): not counted in the speed. */
    private readonly from = 0,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.on = stream.isTTY === true;
  }

  line(done: number, now = Date.now()): string {
    const f = progressFacts(done, this.total, this.from, now - this.started);
    const words = progressWords(done, this.total, f);
    if (f.pct === null) return `${this.label}  ${words}`;
    const width = 24;
    const filled = Math.round((f.pct / 100) * width);
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(f.pct).padStart(3)}%  ${words}`;
  }

  update(done: number): void {
    const now = Date.now();
    if (!this.on || now - this.last < 250) return;
    this.last = now;
    this.stream.write(`\r${this.line(done, now)}\x1b[K`);
  }

  /** Clears the bar (before the result or an error is printed). */
  end(): void {
    if (this.on && this.last > 0) this.stream.write('\r\x1b[K');
  }
}
