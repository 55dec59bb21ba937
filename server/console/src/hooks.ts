import { useCallback, useEffect, useRef, useState } from 'react';
import { useLive, type LiveEvent } from './live.js';

/**
 * Loads data and refreshes it every `everyMs` (for what has no live event: a PC going offline)
 * without reloading the page. Errors are kept, not thrown.
 */
export function usePoll<T>(load: () => Promise<T>, deps: unknown[], everyMs = 0) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string>('');
  const loadRef = useRef(load);
  loadRef.current = load;
  // Only the latest request's answer is shown: an earlier one that arrives later (a filter
  // changed while a slower read was on its way) would show data for what is no longer asked.
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const value = await loadRef.current();
      if (mine !== latest.current) return;
      setData(value);
      setError('');
    } catch (err) {
      if (mine === latest.current) setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void refresh();
    if (!everyMs) return;
    const t = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, refresh };
}

/**
 * Reads the data again when a live event says it changed (and whenever the stream connects,
 * since nothing that happened while it was down is replayed). Bursts are read once.
 */
export function useLiveRefresh(refresh: () => Promise<void>, concerns: (e: LiveEvent) => boolean): void {
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLive((e) => {
    if (e.type === 'ticket' && !concerns(e)) return;
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void refresh(), 150);
  });
}

export function timeAgo(iso: string | null): string {
  if (!iso) return '—';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

export function dueIn(iso: string | null): string {
  if (!iso) return '—';
  const m = Math.round((Date.parse(iso) - Date.now()) / 60000);
  const abs = Math.abs(m);
  const text = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  return m < 0 ? `${text} overdue` : `in ${text}`;
}
