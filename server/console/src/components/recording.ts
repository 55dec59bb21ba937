/** An asciicast v2 recording, parsed once for playing and seeking. */
export interface Recording {
  width: number;
  height: number;
  /** Seconds from the start to the last event. */
  duration: number;
  /** Output and resize events in time order; keystrokes (if recorded) are not played. */
  events: [number, 'o' | 'r', string][];
}

export function parseRecording(text: string): Recording {
  const [head, ...lines] = text.trim().split('\n');
  const header = JSON.parse(head!) as { width: number; height: number };
  const events = lines
    .map((l) => JSON.parse(l) as [number, string, string])
    .filter((e): e is [number, 'o' | 'r', string] => e[1] === 'o' || e[1] === 'r');
  return { width: header.width, height: header.height, duration: events.at(-1)?.[0] ?? 0, events };
}

/** "m:ss" (or "h:mm:ss") for a number of seconds; with tenths ("0:04.2") when asked. */
export function clock(seconds: number, tenths = false): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const t = tenths ? `.${Math.floor((Math.max(0, seconds) * 10) % 10)}` : '';
  return `${h ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}${t}`;
}
