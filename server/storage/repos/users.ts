import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { Role } from '../../../shared/roles.js';
import type { Database, UsersTable } from '../schema.js';
import type { User, UserRepo } from '../types.js';
import { containsPattern } from './like.js';

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  username: r.username,
  role: Role.parse(r.role),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  email: r.email,
  disabledAt: r.disabled_at,
  deletedAt: r.deleted_at,
  tokenVersion: Number(r.token_version),
  name: r.display_name,
  phone: r.phone,
  contact: Number(r.contact) === 1,
  twoFactor: r.totp_enabled_at !== null,
});


export function userRepo(db: Kysely<Database>): UserRepo {
  return {
    async create(u) {
      await db
        .insertInto('users')
        .values({
          id: u.id,
          username: u.username,
          role: u.role,
          password_hash: u.passwordHash,
          created_at: u.createdAt,
          email: u.email ?? null,
          display_name: u.name ?? null,
          phone: u.phone ?? null,
          contact: u.contact ? 1 : 0,
        })
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async findByEmail(email) {
      const r = await db
        .selectFrom('users')
        .selectAll()
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      return r && toUser(r);
    },
    async findByUsername(username) {
      const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return r && toUser(r);
    },
    async list() {
      return (await db.selectFrom('users').selectAll().where('deleted_at', 'is', null).orderBy('username').execute()).map(toUser);
    },
    async update(id, change) {
      const values: Updateable<UsersTable> = {};
      if (change.role !== undefined) values.role = change.role;
      if (change.passwordHash !== undefined) values.password_hash = change.passwordHash;
      if (change.email !== undefined) values.email = change.email;
      if (change.disabledAt !== undefined) values.disabled_at = change.disabledAt;
      if (change.deletedAt !== undefined) values.deleted_at = change.deletedAt;
      if (Object.keys(values).length > 0 || change.endSessions) {
        await db
          .updateTable('users')
          .set((eb) => ({ ...values, ...(change.endSessions ? { token_version: eb('token_version', '+', 1) } : {}) }))
          .where('id', '=', id)
          .execute();
      }
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async countActiveAdmins() {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async search(text, limit) {
      const pattern = containsPattern(text);
      const lower = text.toLowerCase();
      const starts = `${pattern.slice(1)}`;
      const like = (column: 'username' | 'display_name' | 'email' | 'phone', p: string) => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${p} escape '\\'`;
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([like('username', pattern), like('display_name', pattern), like('email', pattern), like('phone', pattern)]))
        // Exact names and addresses first, then those that begin with the text, then the rest.
        .orderBy(sql`case when lower(username) = ${lower} or lower(coalesce(email, '')) = ${lower} then 0 when ${like('username', starts)} or ${like('display_name', starts)} then 1 else 2 end`)
        .orderBy('username')
        .limit(limit)
        .execute();
      return rows.map(toUser);
    },
    async access(ids) {
      const access = new Map<string, Pick<User, 'role' | 'tokenVersion' | 'disabledAt' | 'deletedAt'>>();
      if (ids.length === 0) return access;
      const rows = await db.selectFrom('users').select(['id', 'role', 'token_version', 'disabled_at', 'deleted_at']).where('id', 'in', [...ids]).execute();
      for (const r of rows) access.set(r.id, { role: Role.parse(r.role), tokenVersion: Number(r.token_version), disabledAt: r.disabled_at, deletedAt: r.deleted_at });
      return access;
    },
    async count() {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
