import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { postgresDialect } from './dialect.js';
import { kyselyStore } from './index.js';
import { migrateToLatest } from './migrate.js';
import { PreparingClient } from './pgStatements.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

export interface PostgresOptions {
  /** Connections this process keeps at most (DESKSIDE_DB_POOL). */
  poolSize: number;
  /** Whether queries are prepared once per connection (DESKSIDE_DB_PREPARE; pgStatements.ts). */
  prepare?: boolean;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * 64-bit integers (counts, byte counters) as numbers, as SQLite gives them: pg returns strings
 * to be safe past 2^53, which no count or byte total here reaches.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Host, port and database of a URL, never its password: for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the DATABASE_URL given';
  }
}

/**
 * The store on PostgreSQL: the same repositories as SQLite through Kysely's Postgres dialect and
 * a `pg` pool, migrated on open. Fails at once, naming the server, when it cannot be reached.
 */
export async function openPostgresStore(url: string, o: PostgresOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize, connectionTimeoutMillis: 5000, types: TYPES, ...(o.prepare !== false ? { Client: PreparingClient } : {}) });
  // An idle connection the server drops (restart, failover) is reported here; without a listener
  // it would end the process. The pool replaces it on the next query.
  pool.on('error', (err) => o.logger?.warn({ err: err.message }, 'database connection lost'));
  // A connection that breaks while a query holds it emits 'error' on the client, and pg-pool
  // listens only while the client is idle: without this, a database restart in the middle of a
  // request would end the process. The query itself fails and is answered 503.
  pool.on('connect', (client) => client.on('error', (err) => o.logger?.warn({ err: err.message }, 'database connection lost during a query')));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('no schema to create tables in: check search_path in DATABASE_URL');
    await migrateToLatest(db, postgresDialect, schema);
  } catch (err) {
    await db.destroy().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`PostgreSQL at ${describePostgresUrl(url)}: ${reason || (err as { code?: string }).code || 'unreachable'}`);
  }
  return kyselyStore(db, postgresDialect);
}
