import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SchemaDialect } from './dialect.js';
import * as m0001 from './migrations/0001_init.js';
import * as m0002 from './migrations/0002_tickets.js';
import * as m0003 from './migrations/0003_settings.js';
import * as m0004 from './migrations/0004_faq.js';
import * as m0005 from './migrations/0005_ticket_diagnostics.js';
import * as m0006 from './migrations/0006_sessions.js';
import * as m0007 from './migrations/0007_device_hardware.js';
import * as m0008 from './migrations/0008_ticket_queue_order.js';
import * as m0009 from './migrations/0009_device_software_key.js';
import * as m0010 from './migrations/0010_user_access.js';
import * as m0011 from './migrations/0011_ticket_creator.js';
import * as m0012 from './migrations/0012_device_users.js';
import * as m0013 from './migrations/0013_cluster.js';
import * as m0014 from './migrations/0014_counters.js';
import * as m0015 from './migrations/0015_recording_chunks.js';
import * as m0016 from './migrations/0016_ticket_counts.js';
import * as m0017 from './migrations/0017_mail.js';
import * as m0018 from './migrations/0018_inbound_mail.js';
import * as m0019 from './migrations/0019_contacts_ratings.js';
import * as m0020 from './migrations/0020_two_factor.js';
import * as m0021 from './migrations/0021_sla_policy_versions.js';
import * as m0022 from './migrations/0022_device_identity.js';
import * as m0023 from './migrations/0023_inventory_change_items.js';
import * as m0024 from './migrations/0024_ticket_category_tags.js';
import * as m0025 from './migrations/0025_device_inventory_table.js';
import * as m0026 from './migrations/0026_inventory_filters.js';
import * as m0027 from './migrations/0027_saved_filters.js';
import * as m0028 from './migrations/0028_ticket_counts_text.js';
import * as m0029 from './migrations/0029_fleet_software.js';
import * as m0030 from './migrations/0030_alerts.js';
import * as m0031 from './migrations/0031_scripts.js';
import * as m0032 from './migrations/0032_jobs.js';
import * as m0033 from './migrations/0033_file_transfers.js';
import * as m0034 from './migrations/0034_device_health.js';
import * as m0035 from './migrations/0035_transfer_node.js';
import type { Database } from './schema.js';

/**
 * Numbered migrations, applied in order at start. Listed statically (not read from a folder)
 * so a bundled build carries them.
 */
// Migrations take Kysely<any>: each describes the schema as it was at its time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MIGRATIONS: Record<string, { up(db: Kysely<any>, d: SchemaDialect): Promise<void> }> = {
  '0001_init': m0001,
  '0002_tickets': m0002,
  '0003_settings': m0003,
  '0004_faq': m0004,
  '0005_ticket_diagnostics': m0005,
  '0006_sessions': m0006,
  '0007_device_hardware': m0007,
  '0008_ticket_queue_order': m0008,
  '0009_device_software_key': m0009,
  '0010_user_access': m0010,
  '0011_ticket_creator': m0011,
  '0012_device_users': m0012,
  '0013_cluster': m0013,
  '0014_counters': m0014,
  '0015_recording_chunks': m0015,
  '0016_ticket_counts': m0016,
  '0017_mail': m0017,
  '0018_inbound_mail': m0018,
  '0019_contacts_ratings': m0019,
  '0020_two_factor': m0020,
  '0021_sla_policy_versions': m0021,
  '0022_device_identity': m0022,
  '0023_inventory_change_items': m0023,
  '0024_ticket_category_tags': m0024,
  '0025_device_inventory_table': m0025,
  '0026_inventory_filters': m0026,
  '0027_saved_filters': m0027,
  '0028_ticket_counts_text': m0028,
  '0029_fleet_software': m0029,
  '0030_alerts': m0030,
  '0031_scripts': m0031,
  '0032_jobs': m0032,
  '0033_file_transfers': m0033,
  '0034_device_health': m0034,
  '0035_transfer_node': m0035,
};

/**
 * Applies what is missing. On PostgreSQL Kysely runs them in one transaction under an advisory
 * lock: a second node migrating at the same time waits, and a failed migration leaves the
 * database as it was (DDL is transactional there).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: SchemaDialect, migrationTableSchema?: string, upTo?: string): Promise<string[]> {
  const migrations = Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [name, { up: (trx) => m.up(trx, dialect) }]),
  );
  // `upTo` stops at a named migration: how an upgrade from an older database is tested.
  const wanted = upTo ? Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= upTo)) : migrations;
  const provider: MigrationProvider = { getMigrations: async () => wanted };
  // On PostgreSQL the bookkeeping tables live in the schema Deskside's tables go to: without
  // naming it, Kysely would take another schema's migration table for its own.
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
