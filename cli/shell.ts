import { WebSocket } from 'ws';
import { TerminalServerMessage } from '../shared/protocol/terminalMessages.js';
import { UsageError } from '../shared/cli.js';
import type { Login } from './config.js';

export interface ShellTarget {
  deviceId: string;
  hostname: string;
  ticket?: number;
  reason?: string;
}

/**
 * Watches typed bytes for the escape "Enter ~ ." (as ssh does), which disconnects without
 * sending anything to the remote shell. Everything else passes through unchanged.
 */
export class EscapeDetector {
  private state: 'line-start' | 'tilde' | 'other' = 'line-start';

  /** The bytes to send on, and whether the escape was typed. */
  feed(input: Buffer): { forward: Buffer; disconnect: boolean } {
    const out: number[] = [];
    for (const byte of input) {
      if (this.state === 'tilde') {
        if (byte === 0x2e) return { forward: Buffer.from(out), disconnect: true };
        out.push(0x7e);
        this.state = 'other';
      }
      if (this.state === 'line-start' && byte === 0x7e) {
        this.state = 'tilde';
        continue;
      }
      out.push(byte);
      this.state = byte === 0x0d || byte === 0x0a ? 'line-start' : 'other';
    }
    return { forward: Buffer.from(out), disconnect: false };
  }
}

/**
 * `deskside shell`: the local terminal, in raw mode, connected to a shell on the PC through the
 * server's `/ws/terminal`. The terminal is restored however the session ends.
 */
export function runShell(login: Login, target: ShellTarget): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  if (!stdin.isTTY) throw new UsageError('deskside shell needs an interactive terminal: its standard input is not a TTY');
  const size = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const url = new URL('/ws/terminal', login.server.replace(/^http/, 'ws'));
  url.searchParams.set('device', target.deviceId);
  if (target.ticket !== undefined) url.searchParams.set('ticket', String(target.ticket));
  if (target.reason) url.searchParams.set('reason', target.reason);
  url.searchParams.set('cols', String(size().cols));
  url.searchParams.set('rows', String(size().rows));
  const note = (line: string) => process.stderr.write(`${line}\r\n`);

  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 15_000 });
    const escape = new EscapeDetector();
    let raw = false;
    let result: number | undefined;

    const restore = () => {
      if (raw) {
        stdin.setRawMode(false);
        raw = false;
      }
      stdin.off('data', onInput);
      stdin.pause();
      stdout.off('resize', onResize);
    };
    const finish = (code: number) => {
      if (result !== undefined) return;
      result = code;
      restore();
      process.off('exit', restore);
      for (const s of SIGNALS) process.off(s, onSignal);
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
      resolve(code);
    };
    const onInput = (chunk: Buffer) => {
      const { forward, disconnect } = escape.feed(chunk);
      if (forward.length > 0 && ws.readyState === ws.OPEN) ws.send(forward, { binary: true });
      if (disconnect) {
        note('\r\n[disconnected]');
        ws.send(JSON.stringify({ type: 'close' }));
        finish(0);
      }
    };
    const onResize = () => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'resize', ...size() }));
    };
    const SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
    const onSignal = () => finish(1);
    process.on('exit', restore);
    for (const s of SIGNALS) process.on(s, onSignal);

    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: login.token })));
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        // A terminal slower than the shell holds the socket back rather than buffering here.
        if (!stdout.write(data)) {
          ws.pause();
          stdout.once('drain', () => ws.resume());
        }
        return;
      }
      let parsed;
      try {
        parsed = TerminalServerMessage.safeParse(JSON.parse(data.toString('utf8')));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.type === 'status') note(`${m.message}…`);
      else if (m.type === 'ready') {
        note(`Connected to ${target.hostname} (Enter ~ . to disconnect).`);
        stdin.setRawMode(true);
        raw = true;
        stdin.on('data', onInput);
        stdin.resume();
        stdout.on('resize', onResize);
        onResize();
      } else if (m.type === 'exit') {
        restore();
        note(`\r\n[${m.message}]`);
        finish(m.reason === 'exited' ? (m.exitCode ?? 0) : m.reason === 'closed' ? 0 : 1);
      } else {
        restore();
        note(`deskside: ${m.message}`);
        finish(1);
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      note(`deskside: the server refused the connection (HTTP ${res.statusCode})`);
      finish(1);
    });
    ws.on('error', (err) => {
      restore();
      note(`deskside: ${err.message}`);
      finish(1);
    });
    ws.on('close', () => {
      if (result === undefined) {
        restore();
        note('\r\n[connection to the server lost]');
        finish(1);
      }
    });
  });
}
