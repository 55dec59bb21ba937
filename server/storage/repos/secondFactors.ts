import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SecondFactorRepo } from '../types.js';

export function secondFactorRepo(db: Kysely<Database>): SecondFactorRepo {
  return {
    async get(userId) {
      const r = await db
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
        .select((eb) =>
          eb
            .selectFrom('recovery_codes')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('recovery_codes.user_id', '=', 'users.id')
            .where('used_at', 'is', null)
            .as('codes_left'),
        )
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!r?.totp_secret) return undefined;
      return { secret: r.totp_secret, enabledAt: r.totp_enabled_at, lastStep: Number(r.totp_last_step), recoveryCodesLeft: Number(r.codes_left ?? 0) };
    },
    async begin(userId, secret) {
      const r = await db.updateTable('users').set({ totp_secret: secret, totp_last_step: 0 }).where('id', '=', userId).where('totp_enabled_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async enable(userId, step, hashes, at) {
      const r = await db
        .updateTable('users')
        .set({ totp_enabled_at: at, totp_last_step: step })
        .where('id', '=', userId)
        .where('totp_secret', 'is not', null)
        .where('totp_enabled_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await this.replaceRecoveryCodes(userId, hashes);
      return true;
    },
    async useStep(userId, step) {
      // One conditional write: of two sign-ins racing with the same code, one wins.
      const r = await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).where('totp_enabled_at', 'is not', null).where('totp_last_step', '<', step).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async useRecoveryCode(userId, codeHash, at) {
      const r = await db.updateTable('recovery_codes').set({ used_at: at }).where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async replaceRecoveryCodes(userId, hashes) {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length > 0) await db.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null }))).execute();
    },
    async remove(userId) {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: 0 }).where('id', '=', userId).execute();
    },
  };
}
