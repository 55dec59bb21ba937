import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Alert rules and the alerts they raise. At most one alert per rule and PC is open (pending or
 * active) at a time, which the database enforces: nodes of a cluster evaluating the same rule
 * at once cannot open two, nor two tickets.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('grp', 'text')
    .addColumn('for_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('alerts_open').unique().on('alerts').columns(['rule_id', 'device_id']).where(sql.ref('state'), '<>', 'resolved').execute();
  await db.schema.createIndex('alerts_state').on('alerts').columns(['state', 'id']).execute();
}
