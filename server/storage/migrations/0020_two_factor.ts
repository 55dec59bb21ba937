import type { Kysely } from 'kysely';

/**
 * Two-factor sign-in. A user's TOTP secret sits beside the password hash: set when enrolment
 * starts, enabled once a first code from the app is confirmed. The last time step used is kept
 * so a code seen once (over a shoulder, in a proxy log) cannot sign in again. Recovery codes
 * are stored hashed, each used at most once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
}
