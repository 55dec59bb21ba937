import type { Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * Scripts run on many PCs: a job (what runs, how long it may, how many PCs at once) and a run per
 * PC with its state. Runs are claimed by the node holding the PC's agent with a conditional
 * update, so in a cluster each runs once, wherever the agent is connected.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('script_id', 'integer', (c) => c.references('scripts.id').onDelete('set null'))
    .addColumn('shell', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('output_cap', 'integer', (c) => c.notNull())
    .addColumn('concurrency', 'integer', (c) => c.notNull())
    .addColumn('run_when_online', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => d.serial(c))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('run_id', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('node', 'text')
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_kind', 'text')
    .addColumn('exit_code', 'integer')
    .addColumn('output', 'text')
    .addColumn('dropped_bytes', d.bigint)
    .addColumn('duration_ms', 'integer')
    .execute();
  await db.schema.createIndex('job_runs_job').on('job_runs').columns(['job_id', 'state']).execute();
  // Nodes look for queued and cancelling runs every second: few among many ended ones.
  await db.schema.createIndex('job_runs_state').on('job_runs').columns(['state', 'job_id', 'id']).execute();
}
