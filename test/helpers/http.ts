import net from 'node:net';

export interface RawReply {
  /** The whole reply as received, or what arrived before the connection failed. */
  text: string;
  status: number | null;
  /** A socket error the client saw (EPIPE, ECONNRESET), if any. */
  error: string | null;
}

/**
 * One HTTP request written to the socket in a single write, head and body together, as a
 * careless or hostile client sends it: what a fetch() client would never show.
 */
export function rawRequest(port: number, method: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<RawReply> {
  const all: Record<string, string> = { Host: `127.0.0.1:${port}`, 'Content-Length': String(body.length), Connection: 'close', ...headers };
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return new Promise((resolve) => {
    let text = '';
    let error: string | null = null;
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body])));
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    socket.on('close', () => resolve({ text, error, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || null }));
  });
}

/** The JSON body of a raw reply. */
export function rawJson(reply: RawReply): unknown {
  const start = reply.text.indexOf('\r\n\r\n');
  return start < 0 ? undefined : JSON.parse(reply.text.slice(start + 4));
}
