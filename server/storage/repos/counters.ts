import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface Count {
  count: number;
  /** When the count starts over (ms since the epoch). */
  windowEnd: number;
}

/** Named counters that start over after a window (rate limits, sign-in throttling). */
export interface CounterRepo {
  /**
   * Adds one, atomically, and returns the new count. A count whose window has ended starts over
   * at 1. `sliding`: every hit pushes the end of the window out (forget N ms after the last hit).
   */
  hit(key: string, windowMs: number, now: number, sliding?: boolean): Promise<Count>;
  get(key: string, now: number): Promise<Count | null>;
  clear(key: string): Promise<void>;
  /** Removes counts whose window has ended; returns how many. */
  sweep(now: number): Promise<number>;
}

export function counterRepo(db: Kysely<Database>): CounterRepo {
  return {
    async hit(key, windowMs, now, sliding = false) {
      const end = now + windowMs;
      const expired = sql<boolean>`counters.window_end <= ${now}`;
      const row = await db
        .insertInto('counters')
        .values({ key, count: 1, window_end: end })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`case when ${expired} then 1 else counters.count + 1 end`,
            window_end: sliding ? sql`${end}` : sql`case when ${expired} then ${end} else counters.window_end end`,
          }),
        )
        .returning(['count', 'window_end'])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), windowEnd: Number(row.window_end) };
    },
    async get(key, now) {
      const r = await db.selectFrom('counters').select(['count', 'window_end']).where('key', '=', key).where('window_end', '>', now).executeTakeFirst();
      return r ? { count: Number(r.count), windowEnd: Number(r.window_end) } : null;
    },
    async clear(key) {
      await db.deleteFrom('counters').where('key', '=', key).execute();
    },
    async sweep(now) {
      const r = await db.deleteFrom('counters').where('window_end', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
