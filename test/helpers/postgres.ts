import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openSqliteStore, type Store } from '../../server/storage/index.js';
import { openPostgresStore } from '../../server/storage/postgres.js';

/** The PostgreSQL the tests use: the machine's own (CI starts it), never a mock. */
export const PG_URL = process.env.DESKSIDE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(work: (c: pg.Client) => Promise<T>, url = PG_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * One database per test file, made on first use and dropped after the file's last test. Tests in
 * a file run one after another, so schema changes in one never race another's catalog reads
 * (Kysely's migrator reads every schema of its database).
 */
let fileDatabase: Promise<string> | null = null;
function databaseForThisFile(): Promise<string> {
  fileDatabase ??= (async () => {
    const name = `deskside_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return fileDatabase;
}
afterAll(async () => {
  if (!fileDatabase) return;
  const name = new URL(await fileDatabase).pathname.slice(1);
  fileDatabase = null;
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
});

export interface PgSchema {
  /** A DATABASE_URL whose connections see only this schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** An empty schema of its own for one test, reached through `search_path`; dropped afterwards. */
export async function freshSchema(): Promise<PgSchema> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const database = await databaseForThisFile();
  await admin((c) => c.query(`create schema ${name}`), database);
  const url = new URL(database);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { url: url.toString(), name, drop: () => admin((c) => c.query(`drop schema if exists ${name} cascade`), database).then(() => {}) };
}

/**
 * Every Store implementation, for contract suites: SQLite in memory, and PostgreSQL in a schema
 * of its own that is dropped when the store closes.
 */
export const STORES: [string, () => Promise<Store>][] = [
  ['sqlite', () => openSqliteStore(':memory:')],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      const store = await openPostgresStore(schema.url, { poolSize: 4 });
      return { ...store, close: () => store.close().then(schema.drop) };
    },
  ],
];
