import { SseReader } from '../../shared/sse.js';

/** One server-sent event as received. */
export interface SseEvent {
  event: string;
  data: any;
}

export interface EventStream {
  status: number;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Waits for the first event (received already or to come) that matches. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an event stream as a client would (fetch with a bearer token) and records what arrives. */
export async function openEvents(url: string, token?: string): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      const sse = new SseReader();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const { event, data } of sse.push(decoder.decode(chunk, { stream: true }))) {
            events.push({ event, data: JSON.parse(data) });
            for (const w of waiters.splice(0)) w();
          }
        }
      } catch {
        // Aborted by close().
      }
      endedResolve();
      for (const w of waiters.splice(0)) w();
    })();
  } else {
    endedResolve();
  }
  return {
    status: res.status,
    events,
    ended,
    close: () => controller.abort(),
    async next(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
  };
}
