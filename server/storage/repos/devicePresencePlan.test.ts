import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sqliteDialect } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';
import { CREATE_TEXT_HITS } from './ticketText.js';
import { offlineUpdate } from './devices.js';

let sqlite: SqliteDatabase.Database;
let db: Kysely<Database>;

beforeAll(async () => {
  sqlite = new SqliteDatabase(':memory:');
  sqlite.exec(CREATE_TEXT_HITS);
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db, sqliteDialect);
});

afterAll(() => db.destroy());

it('finds the devices a node sets offline by their ids, not by reading every device the node holds', () => {
  const ids = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const query = offlineUpdate(db, ids, 'node-a', '2026-01-01T00:00:00.000Z').compile();
  const plan = (sqlite.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[]).map((p) => p.detail);
  expect(plan.join('\n')).toMatch(/USING INDEX sqlite_autoindex_devices_1 \(id=\?\)/);
  expect(plan.join('\n')).not.toMatch(/devices_owner_node/);
});
