import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Recordings kept in the database as numbered text chunks (asciicast lines, never split). */
export interface RecordingChunkRepo {
  append(sessionId: string, seq: number, data: string): Promise<void>;
  /** The chunks in order, a page at a time. */
  read(sessionId: string): AsyncIterable<string>;
  exists(sessionId: string): Promise<boolean>;
}

const PAGE = 32;

export function recordingChunkRepo(db: Kysely<Database>): RecordingChunkRepo {
  return {
    async append(sessionId, seq, data) {
      await db.insertInto('recording_chunks').values({ session_id: sessionId, seq, data }).execute();
    },
    async *read(sessionId) {
      for (let after = -1; ; ) {
        const rows = await db.selectFrom('recording_chunks').select(['seq', 'data']).where('session_id', '=', sessionId).where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
        for (const r of rows) yield r.data;
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
    async exists(sessionId) {
      return (await db.selectFrom('recording_chunks').select('seq').where('session_id', '=', sessionId).limit(1).executeTakeFirst()) !== undefined;
    },
  };
}
