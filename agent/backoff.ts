export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/**
 * Delay before the first retry after losing an established connection: the backoff's first
 * step plus a random part of the spread the server asked for (its fleet's size over the rate it
 * wants handshakes at), so a fleet whose server went away does not return in one burst.
 */
export function returnDelay(spreadMs: number, o: BackoffOptions): number {
  return backoffDelay(0, o) + Math.round((o.random ?? Math.random)() * spreadMs);
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a fleet that lost the server at once does not return at once,
 * yet no agent retries immediately.
 */
export function backoffDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
