/**
 * The console's one event stream (GET /api/v1/events), shared by every page that listens. It is
 * read with fetch rather than EventSource because EventSource cannot send the bearer token; it
 * reconnects by itself, and every (re)connection is announced so pages read their data again
 * (whatever changed while the stream was down is not replayed).
 */
import { useEffect, useRef } from 'react';
import type { TicketActivity } from '../../../shared/api/live.js';
import { getToken } from './api.js';
import { SseReader } from '../../../shared/sse.js';

export type LiveEvent = { type: 'ticket'; activity: TicketActivity } | { type: 'connected' };
type Listener = (e: LiveEvent) => void;

const listeners = new Set<Listener>();
let running: AbortController | null = null;

function emit(e: LiveEvent): void {
  for (const l of listeners) l(e);
}

/** The stream's state on the root element, for a style or a test to read. */
function setState(s: 'off' | 'connecting' | 'live'): void {
  document.documentElement.dataset.live = s;
}

async function readStream(signal: AbortSignal): Promise<void> {
  const token = getToken();
  if (!token) throw new Error('signed out');
  const res = await fetch('/api/v1/events', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const sse = new SseReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const { event, data } of sse.push(value)) {
      if (event === 'hello') {
        setState('live');
        emit({ type: 'connected' });
      } else if (event === 'ticket') {
        emit({ type: 'ticket', activity: JSON.parse(data) as TicketActivity });
      } else if (event === 'end') {
        return;
      }
    }
  }
}

function start(): void {
  if (running) return;
  const controller = new AbortController();
  running = controller;
  void (async () => {
    let delay = 1000;
    while (!controller.signal.aborted) {
      setState('connecting');
      try {
        await readStream(controller.signal);
        delay = 1000;
      } catch {
        // Server away, network down or signed out: try again, slower each time.
      }
      if (controller.signal.aborted) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
    setState('off');
  })();
}

/** Stops the stream (signing out); the next listener starts it again. */
export function stopLive(): void {
  running?.abort();
  running = null;
}

/** Calls `onEvent` for every live event while the component is mounted. */
export function useLive(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    start();
    return () => {
      listeners.delete(l);
    };
  }, []);
}
