import type { Kysely, Selectable } from 'kysely';
import { Role } from '../../../shared/roles.js';
import type { Database, UsersTable } from '../schema.js';
import type { User, UserRepo } from '../types.js';

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  username: r.username,
  role: Role.parse(r.role),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

export function userRepo(db: Kysely<Database>): UserRepo {
  return {
    async create(u) {
      await db
        .insertInto('users')
        .values({ id: u.id, username: u.username, role: u.role, password_hash: u.passwordHash, created_at: u.createdAt })
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async findByUsername(username) {
      const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return r && toUser(r);
    },
    async list() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },
    async count() {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
