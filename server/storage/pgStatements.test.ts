import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshSchema, type PgSchema } from '../../test/helpers/postgres.js';
import { PreparingClient } from './pgStatements.js';

describe('PreparingClient', () => {
  let schema: PgSchema;
  let client: PreparingClient;
  beforeEach(async () => {
    schema = await freshSchema();
    client = new PreparingClient({ connectionString: schema.url });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await schema.drop();
  });

  const prepared = async () => ((await client.query('select statement from pg_prepared_statements order by statement')) as pg.QueryResult<{ statement: string }>).rows.map((r) => r.statement);

  it('prepares a query once per connection and reuses it with other values', async () => {
    for (const n of [1, 2, 3]) expect((await client.query('select $1::int + 1 as n', [n])).rows).toEqual([{ n: n + 1 }]);
    expect(await prepared()).toEqual(['select $1::int + 1 as n']);
    // The parameterless form, callbacks and query objects are pg's own and are not named.
    await client.query('select 1');
    await new Promise<void>((resolve, reject) => client.query('select $1::int as n', [5], (err: Error | null) => (err ? reject(err) : resolve())));
    await client.query({ text: 'select $1::text as t', values: ['x'] });
    expect(await prepared()).toEqual(['select $1::int + 1 as n']);
  });

  it('leaves DDL, transaction control and large batches unprepared', async () => {
    await client.query('create table t (a int)', []);
    await client.query('begin', []);
    const many = Array.from({ length: 100 }, (_, i) => i);
    await client.query(`insert into t (a) values ${many.map((i) => `($${i + 1})`).join(', ')}`, many);
    await client.query('commit', []);
    expect((await client.query('select count(*)::int as n from t where a >= $1', [0])).rows).toEqual([{ n: 100 }]);
    expect(await prepared()).toEqual(['select count(*)::int as n from t where a >= $1']);
  });

  it('prepares again a query whose table a migration changed under it', async () => {
    await client.query('create table t (a int)', []);
    await client.query('insert into t (a) values ($1)', [1]);
    expect((await client.query('select * from t where a = $1', [1])).rows).toEqual([{ a: 1 }]);
    // Another connection, as another node's migration would.
    const other = new pg.Client({ connectionString: schema.url });
    await other.connect();
    await other.query('alter table t add column b text default $$x$$');
    await other.end();
    expect((await client.query('select * from t where a = $1', [1])).rows).toEqual([{ a: 1, b: 'x' }]);
    expect((await client.query('select * from t where a = $1', [1])).rows).toEqual([{ a: 1, b: 'x' }]);
    // Errors of the query itself still reach the caller.
    await expect(client.query('select * from no_such_table where a = $1', [1])).rejects.toThrow(/no_such_table/);
  });
});
