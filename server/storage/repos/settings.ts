import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SettingsRepo } from '../types.js';

export function settingsRepo(db: Kysely<Database>): SettingsRepo {
  return {
    async get(key) {
      const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return r ? (JSON.parse(r.value) as unknown) : undefined;
    },
    async put(key, value, at) {
      const text = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: text, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at }))
        .execute();
    },
  };
}
