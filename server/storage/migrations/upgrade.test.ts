import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';

/** Upgrading a database made by an older Deskside keeps what it held meaning the same. */
describe('upgrading to SLA policy versions (0021)', () => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    await migrateToLatest(db, sqliteDialect, undefined, '0020_two_factor');
    await sql`insert into users (id, username, role, password_hash, created_at) values ('u', 'u', 'employee', 'x', '2026-01-01T00:00:00Z')`.execute(db);
    await sql`insert into tickets (summary, details, priority, status, requester_id, created_at, updated_at, sla_paused, sla_breached, sla_met)
              values ('old', '', 'normal', 'open', 'u', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0, 0)`.execute(db);
  });
  afterEach(() => db.destroy());

  it('makes the saved policy version 1 and keeps the tickets of the time on it', async () => {
    await sql`insert into settings (key, value, updated_at) values ('sla.policy', '{"saved":true}', '2026-02-01T00:00:00Z')`.execute(db);
    expect(await migrateToLatest(db, sqliteDialect)).toContain('0021_sla_policy_versions');
    expect(await db.selectFrom('sla_policies').selectAll().execute()).toEqual([{ version: 1, policy: '{"saved":true}', created_at: '2026-02-01T00:00:00Z', created_by: null }]);
    expect((await db.selectFrom('tickets').select('sla_policy').execute()).map((r) => r.sla_policy)).toEqual([1]);
    expect(await db.selectFrom('settings').selectAll().where('key', '=', 'sla.policy').execute()).toEqual([]);
  });

  it('without a saved policy, leaves tickets on the built-in default', async () => {
    await migrateToLatest(db, sqliteDialect);
    expect(await db.selectFrom('sla_policies').selectAll().execute()).toEqual([]);
    expect((await db.selectFrom('tickets').select('sla_policy').execute()).map((r) => r.sla_policy)).toEqual([null]);
  });
});

describe('upgrading to version ranges and findings in the inventory (0026)', () => {
  it('gives every installed package its version key and every PC the findings of its latest bundle', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    try {
      await migrateToLatest(db, sqliteDialect, undefined, '0025_device_inventory_table');
      await sql`insert into users (id, username, role, password_hash, created_at) values ('u', 'u', 'employee', 'x', '2026-01-01T00:00:00Z')`.execute(db);
      for (const id of ['d1', 'd2']) {
        await sql`insert into devices (id, hostname, secret_hash, enrolled_at, online, consent, notes) values (${id}, ${id}, 'h', '2026-01-01T00:00:00Z', 0, 'prompt', '')`.execute(db);
      }
      await sql`insert into device_software (device_id, name, version) values ('d1', 'openssl', '3.0.13'), ('d2', 'openssl', '3.0.2'), ('d2', 'tool', null)`.execute(db);
      for (const [device, findings] of [['d1', '[{"code":"disk_full"}]'], ['d1', '[{"code":"reboot_pending"},{"code":"memory_high"}]'], ['d2', 'not json']]) {
        const t = await sql<{ id: number }>`insert into tickets (summary, details, priority, status, requester_id, device_id, created_at, updated_at, sla_paused, sla_breached, sla_met)
              values ('t', '', 'normal', 'open', 'u', ${device}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0, 0) returning id`.execute(db);
        await sql`insert into ticket_diagnostics (ticket_id, bundle, findings) values (${t.rows[0]!.id}, '{}', ${findings})`.execute(db);
      }
      expect(await migrateToLatest(db, sqliteDialect)).toContain('0026_inventory_filters');
      const keys = await db.selectFrom('device_software').select(['device_id', 'version_key']).orderBy('device_id').orderBy('name').execute();
      expect(keys).toEqual([
        { device_id: 'd1', version_key: '0000000003.0000000000.0000000013' },
        { device_id: 'd2', version_key: '0000000003.0000000000.0000000002' },
        { device_id: 'd2', version_key: null },
      ]);
      expect(await db.selectFrom('devices').select(['id', 'findings']).orderBy('id').execute()).toEqual([
        { id: 'd1', findings: '["memory_high","reboot_pending"]' },
        { id: 'd2', findings: '[]' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('upgrading to kept queue totals and the ticket text index (0028)', () => {
  it('counts the tickets there are and indexes their text', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    try {
      await migrateToLatest(db, sqliteDialect, undefined, '0027_saved_filters');
      await sql`insert into users (id, username, role, password_hash, created_at) values ('u', 'u', 'employee', 'x', '2026-01-01T00:00:00Z')`.execute(db);
      for (const [summary, status, priority] of [['Printer jams', 'open', 'high'], ['VPN drops', 'open', 'high'], ['Old one', 'closed', 'low']]) {
        await sql`insert into tickets (summary, details, priority, status, requester_id, created_at, updated_at, sla_paused, sla_breached, sla_met)
                  values (${summary}, '', ${priority}, ${status}, 'u', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0, 0)`.execute(db);
      }
      await migrateToLatest(db, sqliteDialect);
      expect(await db.selectFrom('ticket_counts').selectAll().orderBy('status').execute()).toEqual([
        { status: 'closed', priority: 'low', n: 1 },
        { status: 'open', priority: 'high', n: 2 },
      ]);
      expect((await sql<{ id: number }>`select rowid as id from tickets_text where tickets_text match '"jams"'`.execute(db)).rows).toEqual([{ id: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('upgrading to the fleet software index (0029)', () => {
  it('keeps each version of a package once per PC, marks the first of each name, and leaves revoked PCs out', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    try {
      await migrateToLatest(db, sqliteDialect, undefined, '0028_ticket_counts_text');
      await sql`insert into devices (id, hostname, secret_hash, enrolled_at, online, consent, notes) values ('d1', 'd1', 'h', '2026-01-01T00:00:00Z', 0, 'prompt', '')`.execute(db);
      await sql`insert into devices (id, hostname, secret_hash, enrolled_at, revoked_at, online, consent, notes) values ('d2', 'd2', 'h', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 0, 'prompt', '')`.execute(db);
      await sql`insert into device_software (device_id, name, version) values
                ('d1', 'bash', '5.2'), ('d1', 'bash', '5.2'), ('d1', 'kernel', '6.1'), ('d1', 'kernel', '6.2'), ('d1', 'tool', null), ('d1', 'tool', null), ('d2', 'bash', '5.2')`.execute(db);
      await migrateToLatest(db, sqliteDialect);
      const rows = await db.selectFrom('device_software').select(['device_id', 'name', 'version', 'live', 'first_of_name']).orderBy('device_id').orderBy('name').orderBy('version').execute();
      expect(rows).toEqual([
        { device_id: 'd1', name: 'bash', version: '5.2', live: 1, first_of_name: 1 },
        { device_id: 'd1', name: 'kernel', version: '6.1', live: 1, first_of_name: 1 },
        { device_id: 'd1', name: 'kernel', version: '6.2', live: 1, first_of_name: 0 },
        { device_id: 'd1', name: 'tool', version: null, live: 1, first_of_name: 1 },
        { device_id: 'd2', name: 'bash', version: '5.2', live: 0, first_of_name: 1 },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
