/** Bytes in the units people read: 1.5 MB, 820 KB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

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
    private total: number | null,
    /** Bytes that were there before (a resume): not counted in the speed. */
    private readonly from = 0,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.on = stream.isTTY === true;
  }

  line(done: number, now = Date.now()): string {
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const speed = (done - this.from) / seconds;
    const total = this.total;
    if (total === null) return `${this.label}  ${formatBytes(done)}  ${formatBytes(speed)}/s`;
    const pct = total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const left = speed > 0 ? (total - done) / speed : Infinity;
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${formatBytes(done)} of ${formatBytes(total)}  ${formatBytes(speed)}/s  ${formatSeconds(left)} left`;
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
