import type { Clock } from './jwt.js';

/** Failed sign-ins an account may have before each further attempt must wait. */
export const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;
/** An account's failures are forgotten this long after the last one. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

interface Failures {
  count: number;
  last: number;
}

/**
 * Per-account sign-in throttling: after FREE_FAILURES wrong passwords, each further attempt on
 * that username must wait twice as long as the one before (1 s, 2 s, 4 s … at most 15 min),
 * whatever address it comes from, so rotating addresses gains a guesser nothing. Only failures
 * count, and a success clears them. In this process's memory: a restart forgets them.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: Clock = Date.now) {}

  /** Milliseconds this username must still wait before its next attempt; 0 when it may try now. */
  waitMs(username: string): number {
    const key = username.toLowerCase();
    const f = this.failures.get(key);
    if (!f) return 0;
    const now = this.now();
    if (now - f.last > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return 0;
    }
    if (f.count < FREE_FAILURES) return 0;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (f.count - FREE_FAILURES));
    return Math.max(0, f.last + delay - now);
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    const f = this.failures.get(key);
    this.failures.set(key, { count: (f?.count ?? 0) + 1, last: this.now() });
    if (this.failures.size > 100_000) this.sweep();
  }

  succeeded(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  /** Names sprayed at the sign-in form must not grow the map without end. */
  private sweep(): void {
    const now = this.now();
    for (const [key, f] of this.failures) if (now - f.last > FORGET_AFTER_MS || f.count < FREE_FAILURES) this.failures.delete(key);
  }
}
