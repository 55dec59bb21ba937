import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';
import type { Database } from './schema.js';

export type Row = Record<string, unknown>;

/**
 * Every table of the store in an order where a row's references come before it, each with the
 * columns that order its rows (so an export reads the same on both engines). The FTS index and
 * the generated search column are derived, not copied.
 */
export const TABLES: readonly { name: keyof Database; order: string[]; serial?: true }[] = [
  { name: 'users', order: ['id'] },
  { name: 'enrollment_tokens', order: ['id'] },
  { name: 'devices', order: ['id'] },
  { name: 'device_inventory', order: ['device_id'] },
  { name: 'inventory_changes', order: ['id'], serial: true },
  { name: 'device_software', order: ['device_id', 'name', 'version'] },
  { name: 'device_users', order: ['device_id', 'user_id'] },
  { name: 'audit_log', order: ['id'], serial: true },
  { name: 'sla_policies', order: ['version'] },
  { name: 'tickets', order: ['id'], serial: true },
  { name: 'ticket_comments', order: ['id'], serial: true },
  { name: 'ticket_events', order: ['id'], serial: true },
  { name: 'ticket_diagnostics', order: ['ticket_id'] },
  { name: 'settings', order: ['key'] },
  { name: 'faq_articles', order: ['id'], serial: true },
  { name: 'shell_sessions', order: ['id'] },
  { name: 'recording_chunks', order: ['session_id', 'seq'] },
  { name: 'notices', order: ['id'], serial: true },
  { name: 'outbox', order: ['id'], serial: true },
  { name: 'notification_prefs', order: ['user_id', 'kind'] },
  { name: 'sla_notices', order: ['ticket_id', 'notice', 'due_at'] },
  { name: 'inbound_messages', order: ['message_id'] },
  { name: 'ticket_attachments', order: ['id'], serial: true },
  { name: 'ticket_ratings', order: ['ticket_id'] },
  { name: 'recovery_codes', order: ['user_id', 'code_hash'] },
  { name: 'saved_filters', order: ['id'], serial: true },
  { name: 'alert_rules', order: ['id'], serial: true },
  { name: 'alerts', order: ['id'], serial: true },
  { name: 'scripts', order: ['id'], serial: true },
  { name: 'jobs', order: ['id'], serial: true },
  { name: 'job_runs', order: ['id'], serial: true },
  { name: 'file_transfers', order: ['id'] },
];
const DERIVED_COLUMNS = new Set(['search']);
const PAGE = 500;

/** Reads and writes whole tables: what `deskside-server export` and `import` move. */
export interface TableDump {
  rows(table: string): AsyncIterable<Row[]>;
  count(table: string): Promise<number>;
  /**
   * Writes every batch in one transaction, then moves identity counters past the highest id and
   * rebuilds the search index: a failed import leaves the store as it was.
   */
  importAll(batches: AsyncIterable<{ table: string; rows: Row[] }>): Promise<Map<string, number>>;
}

function known(table: string): (typeof TABLES)[number] {
  const t = TABLES.find((x) => x.name === table);
  if (!t) throw new Error(`unknown table "${table}"`);
  return t;
}

// Table names come from TABLES only, so the dynamic references below never hold outside text.
export function tableDump(db: Kysely<Database>, dialect: SchemaDialect): TableDump {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const any = db as unknown as Kysely<any>;
  return {
    async *rows(table) {
      const t = known(table);
      for (let offset = 0; ; offset += PAGE) {
        let q = any.selectFrom(t.name).selectAll();
        for (const column of t.order) q = q.orderBy(column);
        const page = (await q.limit(PAGE).offset(offset).execute()) as Row[];
        for (const row of page) for (const c of DERIVED_COLUMNS) delete row[c];
        if (page.length) yield page;
        if (page.length < PAGE) return;
      }
    },
    async count(table) {
      const r = await any.selectFrom(known(table).name).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number((r as { n: unknown }).n);
    },
    importAll(batches) {
      return db.transaction().execute(async (trx) => {
        const counts = new Map<string, number>();
        for await (const { table, rows } of batches) {
          const t = known(table);
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          if (rows.length) await (trx as unknown as Kysely<any>).insertInto(t.name).values(rows).execute();
          counts.set(t.name, (counts.get(t.name) ?? 0) + rows.length);
        }
        if (dialect.name === 'postgres') {
          for (const t of TABLES.filter((x) => x.serial)) {
            await sql`select setval(pg_get_serial_sequence(${t.name}, 'id'), coalesce((select max(id) from ${sql.table(t.name)}), 0) + 1, false)`.execute(trx);
          }
        } else {
          await sql`delete from faq_search`.execute(trx);
          await sql`insert into faq_search (rowid, title, body, category) select id, title, body, category from faq_articles`.execute(trx);
        }
        return counts;
      });
    },
  };
}
