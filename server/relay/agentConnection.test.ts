import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../logger.js';
import { AgentConnection, PENDING_LIMIT } from './agentConnection.js';

const silent = createLogger('silent');
const connection = () => new AgentConnection('d1', {} as WebSocket, silent);

describe('an agent connection queue', () => {
  it('handles messages one at a time, in order', async () => {
    const conn = connection();
    const seen: number[] = [];
    let running = 0;
    const done = new Promise<void>((resolve) => {
      for (let i = 0; i < 10; i++) {
        conn.enqueue('heartbeat', 10, async () => {
          running += 1;
          expect(running).toBe(1);
          await new Promise((r) => setTimeout(r, 1));
          seen.push(i);
          running -= 1;
          if (i === 9) resolve();
        });
      }
    });
    await done;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('holds at most its bound while a handler is busy, dropping the oldest waiting', async () => {
    const conn = connection();
    let release!: () => void;
    const handled: number[] = [];
    conn.enqueue('inventory', 1_000_000, () => new Promise<void>((r) => (release = r)));
    const dropped: string[] = [];
    for (let i = 0; i < 200; i++) dropped.push(...conn.enqueue('inventory', 1_000_000, async () => void handled.push(i)));
    // The busy one is out of the queue; the rest is bounded by bytes (4 MiB of 1 MB reports).
    expect(conn.backlog.bytes).toBeLessThanOrEqual(PENDING_LIMIT.bytes);
    expect(conn.backlog.messages).toBe(4);
    expect(dropped).toHaveLength(196);
    release();
    await new Promise((r) => setTimeout(r, 10));
    // The newest reports survive.
    expect(handled).toEqual([196, 197, 198, 199]);
  });

  it('bounds the number of small messages too, and keeps one message however large', () => {
    const conn = connection();
    conn.enqueue('inventory', 10, () => new Promise<void>(() => undefined));
    for (let i = 0; i < 100; i++) conn.enqueue('heartbeat', 10, async () => undefined);
    expect(conn.backlog.messages).toBe(PENDING_LIMIT.messages);
    const big = connection();
    big.enqueue('inventory', 10, () => new Promise<void>(() => undefined));
    big.enqueue('inventory', 10 * 1024 * 1024, async () => undefined);
    expect(big.backlog.messages).toBe(1);
  });
});
