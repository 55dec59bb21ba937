import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';

type Event = [number, string, string];

/** Plays an asciicast v2 recording into a read-only terminal, at its own pace or all at once. */
export function RecordingPlayer({ url }: { url: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState('Loading…');
  const [speed, setSpeed] = useState(1);
  const [run, setRun] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const timers: number[] = [];
    const term = new XTerm({ disableStdin: true, fontSize: 13, lineHeight: 1.2, scrollback: 10000 });
    term.open(box.current!);
    api.text(url).then(
      (text) => {
        if (cancelled) return;
        const [head, ...lines] = text.trim().split('\n');
        const header = JSON.parse(head!) as { width: number; height: number };
        term.resize(Math.min(header.width, 200), Math.min(header.height, 60));
        const events = lines.map((l) => JSON.parse(l) as Event).filter((e) => e[1] === 'o' || e[1] === 'r');
        if (speed === 0) {
          for (const [, kind, data] of events) if (kind === 'o') term.write(data);
          setState('Shown whole');
          return;
        }
        setState('Playing');
        for (const [at, kind, data] of events) {
          timers.push(
            window.setTimeout(() => {
              if (kind === 'o') term.write(data);
              else {
                const [c, r] = data.split('x').map(Number);
                if (c && r) term.resize(Math.min(c, 200), Math.min(r, 60));
              }
            }, (at * 1000) / speed),
          );
        }
        const last = events.at(-1)?.[0] ?? 0;
        timers.push(window.setTimeout(() => setState('Finished'), (last * 1000) / speed + 50));
      },
      (err: Error) => setState(`Cannot load the recording: ${err.message}`),
    );
    return () => {
      cancelled = true;
      for (const t of timers) clearTimeout(t);
      term.dispose();
    };
  }, [url, speed, run]);

  return (
    <div className="player">
      <div className="player-controls">
        <span role="status">{state}</span>
        {[1, 2, 8].map((s) => (
          <button key={s} type="button" className="secondary" onClick={() => (setSpeed(s), setRun((n) => n + 1))}>
            {s}×
          </button>
        ))}
        <button type="button" className="secondary" onClick={() => (setSpeed(0), setRun((n) => n + 1))}>
          Show all
        </button>
      </div>
      <div className="terminal" ref={box} />
    </div>
  );
}
