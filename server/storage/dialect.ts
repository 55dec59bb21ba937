import { sql, type ColumnDefinitionBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What the schema says differently on SQLite and PostgreSQL, said once. Every migration receives
 * it; everything else in a migration is written once for both engines.
 */
export interface SchemaDialect {
  readonly name: DialectName;
  /** An integer primary key the database numbers itself (autoincrement / identity column). */
  serial(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Counters that pass 2^31 (bytes): SQLite's integer is 64-bit already, PostgreSQL's is not. */
  readonly bigint: 'integer' | 'bigint';
  /** A text column compared byte by byte (sort keys): SQLite's default; PostgreSQL's locale collation would skip the dots. */
  bytewise(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}

export const sqliteDialect: SchemaDialect = {
  name: 'sqlite',
  serial: (c) => c.primaryKey().autoIncrement(),
  bigint: 'integer',
  bytewise: (c) => c,
};

export const postgresDialect: SchemaDialect = {
  name: 'postgres',
  serial: (c) => c.primaryKey().generatedByDefaultAsIdentity(),
  bigint: 'bigint',
  bytewise: (c) => c.modifyEnd(sql`collate "C"`),
};
