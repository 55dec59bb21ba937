import net from 'node:net';

/**
 * A TCP relay in front of a real server (PostgreSQL, NATS) that a test can cut and restore:
 * the "network lost while running" fault, without stopping the machine's shared server.
 */
export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones, as a dead link or a stopped server would. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Passes bytes on at no more than this rate (each way): a slow link, for transfers that must take a while. */
function throttle(from: net.Socket, to: net.Socket, bytesPerSecond: number): void {
  from.on('data', (chunk: Buffer) => {
    from.pause();
    to.write(chunk);
    setTimeout(() => from.resume(), (chunk.length / bytesPerSecond) * 1000);
  });
  from.on('end', () => to.end());
}

export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1', o: { bytesPerSecond?: number } = {}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  let server: net.Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        track(client);
        track(upstream);
        if (o.bytesPerSecond) {
          throttle(client, upstream, o.bytesPerSecond);
          throttle(upstream, client, o.bytesPerSecond);
        } else {
          client.pipe(upstream).pipe(client);
        }
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end);
        upstream.on('error', end);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const port = await listen(0);
  return { port, cut: stop, restore: () => listen(port).then(() => {}), close: stop };
}
