import { FitAddon } from '@xterm/addon-fit';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { TERMINAL_LIMITS } from '../../../../shared/protocol/terminalLimits.js';
import type { TerminalServerMessage } from '../../../../shared/protocol/terminalMessages.js';
import { getToken } from '../api.js';

type Phase = { kind: 'connecting' | 'waiting' | 'ready' | 'ended' | 'error'; text: string };

/**
 * Shown output is acknowledged in the server's own ack batches, or this long after the first
 * byte of a batch: an echo needs no acknowledgement of its own, the window is half a megabyte.
 */
const ACK_DELAY_MS = 20;

/**
 * A remote shell in the browser: xterm.js fitted to its box, connected to /ws/terminal. The
 * token goes in the first frame, never in the URL. Resizes follow the window.
 */
export function RemoteTerminal({ deviceId, ticketId, reason, onEnd }: { deviceId: string; ticketId?: number; reason?: string; onEnd?(): void }) {
  const box = useRef<HTMLDivElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'connecting', text: 'Connecting…' });
  const socket = useRef<WebSocket | null>(null);

  useEffect(() => {
    // Common monospace fonts (DejaVu Sans Mono, Liberation Mono) draw the underscore below the
    // cell a line height of 1 gives them: at a device pixel ratio of 1 it was clipped away.
    const term = new XTerm({ cursorBlink: true, fontSize: 14, lineHeight: 1.2, convertEol: false, scrollback: 5000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box.current!);
    fit.fit();
    const url = new URL('/ws/terminal', location.href.replace(/^http/, 'ws'));
    url.searchParams.set('device', deviceId);
    if (ticketId) url.searchParams.set('ticket', String(ticketId));
    if (reason) url.searchParams.set('reason', reason);
    url.searchParams.set('cols', String(term.cols));
    url.searchParams.set('rows', String(term.rows));
    const ws = new WebSocket(url);
    socket.current = ws;
    ws.binaryType = 'arraybuffer';
    let done = false;
    const end = (p: Phase) => {
      if (done) return;
      done = true;
      setPhase(p);
      onEnd?.();
    };
    // Output is acknowledged once xterm.js has taken it into its buffer (its write callback), so
    // a shell printing faster than the page can draw waits at the PC instead of piling up here,
    // and Ctrl+C shows its effect at once rather than after the backlog.
    let shown = 0;
    let ackTimer: number | undefined;
    const ack = () => {
      window.clearTimeout(ackTimer);
      ackTimer = undefined;
      if (shown > 0 && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ack', bytes: shown }));
      shown = 0;
    };
    const wrote = (bytes: number) => {
      shown += bytes;
      if (shown >= TERMINAL_LIMITS.ackBatchBytes) ack();
      else ackTimer ??= window.setTimeout(ack, ACK_DELAY_MS);
    };
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: getToken(), flow: 'ack' }));
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) {
        const bytes = ev.data.byteLength;
        return term.write(new Uint8Array(ev.data), () => wrote(bytes));
      }
      const m = JSON.parse(String(ev.data)) as TerminalServerMessage;
      if (m.type === 'status') setPhase({ kind: m.state === 'waiting_for_consent' ? 'waiting' : 'connecting', text: m.message });
      else if (m.type === 'ready') {
        const connected = m.consent === 'accepted' ? 'Connected (the employee accepted)' : 'Connected';
        // Keystrokes include passwords typed at prompts that hide them: say so when they are kept.
        setPhase({ kind: 'ready', text: m.inputRecorded ? `${connected}. Warning: this server records your keystrokes, passwords included.` : connected });
        term.focus();
      } else if (m.type === 'exit') end({ kind: 'ended', text: `Session ended: ${m.message}` });
      else end({ kind: 'error', text: m.message });
    };
    ws.onclose = () => end({ kind: 'ended', text: 'Session ended: the connection closed' });
    const input = term.onData((d) => ws.readyState === WebSocket.OPEN && ws.send(new TextEncoder().encode(d)));
    const resize = term.onResize(({ cols, rows }) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', cols, rows })));
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(box.current!);
    return () => {
      window.clearTimeout(ackTimer);
      observer.disconnect();
      input.dispose();
      resize.dispose();
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'close' }));
      ws.close();
      term.dispose();
    };
  }, [deviceId, ticketId, reason]);

  return (
    <div className="terminal-wrap">
      <div className={`terminal-status ${phase.kind}`} role="status" data-phase={phase.kind}>
        {phase.text}
        {phase.kind === 'ready' && (
          <button type="button" className="secondary" onClick={() => socket.current?.send(JSON.stringify({ type: 'close' }))}>
            End session
          </button>
        )}
      </div>
      <div className="terminal" ref={box} data-testid="terminal" />
    </div>
  );
}
