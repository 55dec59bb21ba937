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

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export interface ProgressFacts {
  /** Whole percent done; null when the total is not known (a folder being packed). */
  pct: number | null;
  bytesPerSecond: number;
  /** Seconds left at this speed; null when unknown. */
  left: number | null;
}

/**
 * How a transfer goes: `done` of `total` bytes after `elapsedMs`, of which `from` were there
 * before it started (a resume) and do not count towards its speed.
 */
export function progressFacts(done: number, total: number | null, from: number, elapsedMs: number): ProgressFacts {
  const bytesPerSecond = (done - from) / Math.max(0.001, elapsedMs / 1000);
  if (total === null) return { pct: null, bytesPerSecond, left: null };
  return {
    pct: total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100)),
    bytesPerSecond,
    left: bytesPerSecond > 0 ? (total - done) / bytesPerSecond : null,
  };
}

/** "50 MB of 100 MB  10 MB/s  5 s left" (`sep` between the parts). */
export function progressWords(done: number, total: number | null, f: ProgressFacts, sep = '  '): string {
  const parts = [total === null ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`, `${formatBytes(f.bytesPerSecond)}/s`];
  if (total !== null) parts.push(`${f.left === null ? '?' : formatDuration(f.left)} left`);
  return parts.join(sep);
}
