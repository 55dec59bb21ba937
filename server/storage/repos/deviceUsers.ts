import type { Kysely } from 'kysely';
import { Role } from '../../../shared/roles.js';
import type { Database } from '../schema.js';
import type { DeviceUserLink, DeviceUserRepo } from '../types.js';

export function deviceUserRepo(db: Kysely<Database>): DeviceUserRepo {
  const select = () =>
    db
      .selectFrom('device_users as l')
      .innerJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.device_id', 'l.user_id', 'u.username', 'u.role', 'l.created_at', 'l.confirmed_at', 'l.confirmed_by', 'l.created_account']);
  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const toLink = (r: Row): DeviceUserLink => ({
    deviceId: r.device_id,
    userId: r.user_id,
    username: r.username,
    role: Role.parse(r.role),
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    confirmedBy: r.confirmed_by,
    createdAccount: Number(r.created_account) === 1,
  });
  return {
    async list(deviceId) {
      return (await select().where('l.device_id', '=', deviceId).where('u.deleted_at', 'is', null).orderBy('u.username').execute()).map(toLink);
    },
    async devicesOf(userIds) {
      const out = new Map<string, { id: string; hostname: string }[]>();
      if (userIds.length === 0) return out;
      const rows = await db
        .selectFrom('device_users as l')
        .innerJoin('devices as d', 'd.id', 'l.device_id')
        .select(['l.user_id', 'd.id', 'd.hostname'])
        .where('l.user_id', 'in', [...userIds])
        .orderBy('d.hostname')
        .execute();
      for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { id: r.id, hostname: r.hostname }]);
      return out;
    },
    async find(deviceId, userId) {
      const r = await select().where('l.device_id', '=', deviceId).where('l.user_id', '=', userId).executeTakeFirst();
      return r && toLink(r);
    },
    async link(l) {
      const r = await db
        .insertInto('device_users')
        .values({
          device_id: l.deviceId,
          user_id: l.userId,
          created_at: l.at,
          confirmed_at: l.confirmedBy === null ? null : l.at,
          confirmed_by: l.confirmedBy,
          created_account: l.createdAccount ? 1 : 0,
        })
        .onConflict((oc) => oc.columns(['device_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async confirm(deviceId, userId, by, at) {
      const r = await db
        .updateTable('device_users')
        .set({ confirmed_at: at, confirmed_by: by })
        .where('device_id', '=', deviceId)
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async unlink(deviceId, userId) {
      const r = await db.deleteFrom('device_users').where('device_id', '=', deviceId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async accountsCreatedSince(deviceId, since) {
      const r = await db
        .selectFrom('device_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', deviceId)
        .where('created_account', '=', 1)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
