import { createHash } from 'node:crypto';
import pg from 'pg';

/** Only statements that read or write rows are prepared; DDL and transaction control are not. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
/**
 * Statements with more parameters than this are batches (presence of 500 devices, a page of
 * inventory rows) whose text changes with their size: prepared, each size would be a statement
 * of its own kept on the server, and their parse is a small part of their cost.
 */
const MAX_PARAMETERS = 64;
/** Statements one connection keeps prepared at most; past it, new ones are sent unprepared. */
const MAX_STATEMENTS = 500;

const resultTypeChanged = (err: unknown) =>
  (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test((err as Error).message);

/**
 * A pg client that prepares each query once per connection, named by its SQL text. Kysely's
 * Postgres driver sends every query unnamed, so PostgreSQL parses and plans it on each call:
 * for the queue's page that was most of the database's work, and the node served 527–547
 * requests a second where prepared statements serve 757–845 (bench/README.md, "Cluster and
 * PostgreSQL"). PostgreSQL re-plans a prepared statement itself when a table it reads changes,
 * except when its result columns change (a migration run by a newer node of the cluster):
 * that fails once, and the query is prepared again under a new name, at once outside a
 * transaction; inside one, PostgreSQL has aborted it and it fails, and the next prepares anew.
 */
export class PreparingClient extends pg.Client {
  #prepared = new Set<string>();
  #generation = 0;

  // The overloads of pg's query() are passed through untouched but for (text, values).
  override query(...args: any[]): any {
    const [text, values, callback] = args as [unknown, unknown, unknown];
    const passThrough = () => (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) return passThrough();
    if (values.length > MAX_PARAMETERS || !PREPARABLE.test(text)) return passThrough();
    const name = `ds_${createHash('sha1').update(text).digest('hex').slice(0, 24)}_${this.#generation}`;
    if (!this.#prepared.has(name)) {
      if (this.#prepared.size >= MAX_STATEMENTS) return passThrough();
      this.#prepared.add(name);
    }
    return this.#named(name, text, values);
  }

  async #named(name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    try {
      return await super.query({ name, text, values });
    } catch (err) {
      if (!resultTypeChanged(err)) throw err;
      // The old statement stays prepared on the server and in the count of MAX_STATEMENTS.
      this.#generation++;
      return super.query(text, values);
    }
  }
}
