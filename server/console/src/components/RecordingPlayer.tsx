import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { clock, parseRecording, type Recording } from './recording.js';

const SPEEDS = [0.5, 1, 2, 4, 8];
const TICK_MS = 50;

/**
 * Plays an asciicast v2 recording in a read-only terminal: play and pause, seek anywhere on the
 * timeline, change speed, see where it is of how long. Seeking redraws the screen from the start
 * up to that moment at once, then playing goes on from there.
 */
export function RecordingPlayer({ url }: { url: string }) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | null>(null);
  const shown = useRef({ next: 0 });
  const [rec, setRec] = useState<Recording | null>(null);
  const [error, setError] = useState('');
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [speed, setSpeed] = useState(1);

  useEffect(() => {
    const t = new XTerm({ disableStdin: true, fontSize: 13, lineHeight: 1.2, scrollback: 10000 });
    t.open(box.current!);
    term.current = t;
    let cancelled = false;
    api.text(url).then(
      (text) => {
        if (cancelled) return;
        const r = parseRecording(text);
        t.resize(Math.min(r.width, 200), Math.min(r.height, 60));
        setRec(r);
      },
      (err: Error) => setError(`Cannot load the recording: ${err.message}`),
    );
    return () => {
      cancelled = true;
      t.dispose();
    };
  }, [url]);

  // Brings the screen to `position`: forward by writing the events in between, backward by
  // starting over from a blank screen.
  useEffect(() => {
    const t = term.current;
    if (!rec || !t) return;
    if (shown.current.next > 0 && rec.events[shown.current.next - 1]![0] > position) {
      t.reset();
      t.resize(Math.min(rec.width, 200), Math.min(rec.height, 60));
      shown.current.next = 0;
    }
    while (shown.current.next < rec.events.length && rec.events[shown.current.next]![0] <= position) {
      const [, kind, data] = rec.events[shown.current.next++]!;
      if (kind === 'o') t.write(data);
      else {
        const [c, r] = data.split('x').map(Number);
        if (c && r) t.resize(Math.min(c, 200), Math.min(r, 60));
      }
    }
  }, [rec, position]);

  useEffect(() => {
    if (!rec || !playing) return;
    const timer = window.setInterval(() => {
      setPosition((p) => {
        const next = Math.min(rec.duration, p + (TICK_MS / 1000) * speed);
        if (next >= rec.duration) setPlaying(false);
        return next;
      });
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [rec, playing, speed]);

  const ended = rec !== null && position >= rec.duration;
  const toggle = () => {
    if (ended) setPosition(0);
    setPlaying((p) => !p || ended);
  };
  return (
    <div className="player">
      <div className="player-controls">
        <button type="button" className="secondary" disabled={!rec} onClick={toggle}>
          {playing && !ended ? 'Pause' : ended ? 'Replay' : 'Play'}
        </button>
        <input
          type="range"
          aria-label="Position"
          min={0}
          max={rec?.duration ?? 0}
          step="any"
          value={position}
          disabled={!rec}
          onChange={(e) => setPosition(Number(e.target.value))}
        />
        <span role="timer" aria-label="Time">
          {error || (rec ? `${clock(position, rec.duration < 60)} / ${clock(rec.duration, rec.duration < 60)}` : 'Loading…')}
        </span>
        <label>
          Speed{' '}
          <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="terminal" ref={box} />
    </div>
  );
}
