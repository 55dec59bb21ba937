import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statementCache.js';

describe('withStatementCache', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`create table t (id integer primary key, name text, size real, data blob, n integer);
      insert into t values (1, 'a', 1.5, x'0102', null), (2, 'b''s', null, null, 9007199254740991);`);
  });
  afterEach(() => db.close());

  it('gives the rows better-sqlite3 gives, as objects, for every query shape', () => {
    const cached = withStatementCache(db);
    for (const sql of [
      'select * from t order by id',
      `select id, name as "the name", id + 1 as next, 'x' as "with ""quotes""" from t order by id`,
      'select a.id, b.id from t a join t b on b.id = a.id order by a.id',
      'select count(*) as n from t',
      'select * from t where id = 99',
    ]) {
      expect({ sql, rows: cached.prepare(sql).all([]) }).toEqual({ sql, rows: db.prepare(sql).all() });
    }
    const s = cached.prepare('select id, name from t order by id');
    expect([...s.iterate([])]).toEqual([{ id: 1, name: 'a' }, { id: 2, name: "b's" }]);
    expect(cached.prepare('select id from t where name = ?').all(['a'])).toEqual([{ id: 1 }]);
  });

  it('reads the columns again when a schema change gives a cached statement other columns', () => {
    const cached = withStatementCache(db);
    const all = () => cached.prepare('select * from t order by id').all([]);
    expect(Object.keys(all()[0] as object)).toEqual(['id', 'name', 'size', 'data', 'n']);
    db.exec(`alter table t add column colour text default 'red'`);
    expect(all()[0]).toMatchObject({ id: 1, name: 'a', colour: 'red' });
    db.exec('alter table t drop column size');
    expect(Object.keys(all()[1] as object)).toEqual(['id', 'name', 'data', 'n', 'colour']);
  });

  it('leaves a column named like an object property to better-sqlite3, and writes as before', () => {
    const cached = withStatementCache(db);
    const sql = 'select 1 as "__proto__", 2 as other';
    const row = cached.prepare(sql).all([])[0] as Record<string, unknown>;
    const own = db.prepare(sql).get() as Record<string, unknown>;
    expect([Object.getOwnPropertyNames(row), Object.getPrototypeOf(row)]).toEqual([Object.getOwnPropertyNames(own), Object.getPrototypeOf(own)]);
    expect(cached.prepare('insert into t (name) values (?)').run(['c'])).toMatchObject({ changes: 1, lastInsertRowid: 3 });
    expect(cached.prepare('insert into t (name) values (?) returning id').all(['d'])).toEqual([{ id: 4 }]);
  });
});
