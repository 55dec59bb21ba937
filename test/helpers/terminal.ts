import { WebSocket } from 'ws';

export interface TerminalOptions {
  token?: string;
  device: string;
  ticket?: number;
  cols?: number;
  rows?: number;
  reason?: string;
  /** Sends this instead of the auth frame (bad-input tests). */
  firstFrame?: string | Buffer | null;
}

export interface Control {
  type: string;
  [key: string]: any;
}

/**
 * A technician's terminal socket, as a script or the console would open it: it collects the
 * control messages and the output, and can stop reading to play a slow reader.
 */
export class TerminalClient {
  readonly controls: Control[] = [];
  private chunks: Buffer[] = [];
  private outputBytes = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(
    readonly ws: WebSocket,
    o: TerminalOptions,
  ) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined);
    ws.on('open', () => {
      if (o.firstFrame === null) return;
      ws.send(o.firstFrame ?? JSON.stringify({ type: 'auth', token: o.token }));
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.chunks.push(data);
        this.outputBytes += data.length;
      } else this.controls.push(JSON.parse(data.toString()) as Control);
    });
  }

  /** Output so far, as text. */
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  get bytes(): number {
    return this.outputBytes;
  }

  /** Drops collected output (long transfers are checked as they stream, not kept). */
  discard(): void {
    this.chunks = [];
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  control(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async waitControl(type: string, timeoutMs = 20_000): Promise<Control> {
    return until(`control ${type} (got ${JSON.stringify(this.controls)})`, () => this.controls.find((c) => c.type === type), timeoutMs);
  }

  async waitText(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    return until(`output ${pattern} (got ${JSON.stringify(this.text.slice(-300))})`, () => {
      const t = this.text;
      return (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)) ? t : undefined;
    }, timeoutMs);
  }
}

export async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function openTerminal(serverUrl: string, o: TerminalOptions): TerminalClient {
  const url = new URL('/ws/terminal', serverUrl.replace(/^http/, 'ws'));
  url.searchParams.set('device', o.device);
  if (o.ticket !== undefined) url.searchParams.set('ticket', String(o.ticket));
  if (o.cols !== undefined) url.searchParams.set('cols', String(o.cols));
  if (o.rows !== undefined) url.searchParams.set('rows', String(o.rows));
  if (o.reason !== undefined) url.searchParams.set('reason', o.reason);
  return new TerminalClient(new WebSocket(url, { perMessageDeflate: false }), o);
}

export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The PID of the remote shell behind this terminal (the shell itself prints it). */
export async function shellPid(t: TerminalClient): Promise<number> {
  t.type('echo PID=$$\r');
  return Number(/PID=(\d+)/.exec(await t.waitText(/PID=\d+/))![1]);
}
