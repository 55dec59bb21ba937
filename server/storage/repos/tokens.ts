import type { Kysely, Selectable } from 'kysely';
import type { Database, EnrollmentTokensTable } from '../schema.js';
import type { EnrollmentToken, EnrollmentTokenRepo } from '../types.js';

const toToken = (r: Selectable<EnrollmentTokensTable>): EnrollmentToken => ({
  id: r.id,
  tokenHash: r.token_hash,
  expiresAt: r.expires_at,
  uses: r.uses,
  usesLeft: r.uses_left,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});

export function tokenRepo(db: Kysely<Database>): EnrollmentTokenRepo {
  return {
    async create(t) {
      await db
        .insertInto('enrollment_tokens')
        .values({
          id: t.id,
          token_hash: t.tokenHash,
          expires_at: t.expiresAt,
          uses: t.uses,
          uses_left: t.usesLeft,
          created_at: t.createdAt,
          created_by: t.createdBy,
          revoked_at: null,
        })
        .execute();
    },
    async consume(tokenHash, now) {
      // One conditional UPDATE decides: two enrollments racing for the last use cannot both win.
      const updated = await db
        .updateTable('enrollment_tokens')
        .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
        .where('token_hash', '=', tokenHash)
        .where('uses_left', '>', 0)
        .where('expires_at', '>', now)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) return 'ok';
      const row = await db.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!row) return 'invalid';
      if (row.revoked_at !== null) return 'revoked';
      return row.expires_at <= now ? 'expired' : 'used_up';
    },
    async list() {
      return (await db.selectFrom('enrollment_tokens').selectAll().orderBy('created_at', 'desc').execute()).map(toToken);
    },
    async findById(id) {
      const r = await db.selectFrom('enrollment_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toToken(r);
    },
    async revoke(id, at) {
      const r = await db.updateTable('enrollment_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
