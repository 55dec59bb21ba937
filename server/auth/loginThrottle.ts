import type { CounterRepo } from '../storage/repos/counters.js';
import type { Clock } from './jwt.js';

/** Failed sign-ins an account may have before each further attempt must wait. */
export const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;
/** An account's failures are forgotten this long after the last one. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/**
 * Per-account sign-in throttling: after FREE_FAILURES wrong passwords, each further attempt on
 * that username must wait twice as long as the one before (1 s, 2 s, 4 s … at most 15 min),
 * whatever address it comes from, so rotating addresses gains a guesser nothing. Only failures
 * count, and a success clears them. Counted in the store: every node of a cluster, and a
 * restart, see the same count.
 */
export class LoginThrottle {
  constructor(
    private readonly counters: CounterRepo,
    private readonly now: Clock = Date.now,
  ) {}

  private key(username: string): string {
    return `login:${username.toLowerCase()}`;
  }

  /** Milliseconds this username must still wait before its next attempt; 0 when it may try now. */
  async waitMs(username: string): Promise<number> {
    const now = this.now();
    const f = await this.counters.get(this.key(username), now);
    if (!f || f.count < FREE_FAILURES) return 0;
    const last = f.windowEnd - FORGET_AFTER_MS;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (f.count - FREE_FAILURES));
    return Math.max(0, last + delay - now);
  }

  async failed(username: string): Promise<void> {
    // Sliding: the window ends a day after the latest failure, which is when they are forgotten.
    await this.counters.hit(this.key(username), FORGET_AFTER_MS, this.now(), true);
  }

  async succeeded(username: string): Promise<void> {
    await this.counters.clear(this.key(username));
  }
}
