import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

/**
 * The people who use a PC: the employee accounts a device may act for. A link made from a PC's
 * own word (a help request naming an OS user) is confirmed by the "trust the PC's users" policy
 * or by an admin; until then the PC cannot act for that person.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('device_users')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    /** Whether the link made the account: such accounts are capped per device and hour. */
    .addColumn('created_account', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('device_users_pk', ['device_id', 'user_id'])
    .execute();
  await db.schema.createIndex('device_users_user').on('device_users').column('user_id').execute();
  // Tickets already opened from a PC tell who used it: those links stand as confirmed.
  await db
    .insertInto('device_users')
    .columns(['device_id', 'user_id', 'created_at', 'confirmed_at', 'confirmed_by', 'created_account'])
    .expression((eb) =>
      eb
        .selectFrom('tickets')
        .select((s) => [
          'device_id',
          'requester_id',
          s.fn.min('created_at').as('created_at'),
          s.fn.min('created_at').as('confirmed_at'),
          sql.lit('history').as('confirmed_by'),
          sql.lit(0).as('created_account'),
        ])
        .where('device_id', 'is not', null)
        .groupBy(['device_id', 'requester_id']),
    )
    .execute();
}
