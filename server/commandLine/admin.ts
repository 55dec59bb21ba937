import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { CreateUserRequest, Email, Password } from '../../shared/api/auth.js';
import { CreateEnrollmentTokenRequest, TokenIdParams } from '../../shared/api/enrollment.js';
import { parse, UsageError } from '../../shared/cli.js';
import { describeZodError } from '../../shared/protocol/codec.js';
import { Role } from '../../shared/roles.js';
import { createEnrollmentToken, revokeEnrollmentToken } from '../commands/createEnrollmentToken.js';
import { createUser } from '../commands/createUser.js';
import { deleteUser, updateUser, type UserEdit } from '../commands/updateUser.js';
import type { Config } from '../env.js';
import { presentToken } from '../presenters/index.js';
import { publicUrl } from '../publicUrl.js';
import { openStore } from '../storage/open.js';
import type { Store, User } from '../storage/types.js';

/**
 * The server's admin commands that work on the store directly, on the server machine, with the
 * server running or not. A running server sees a change at once for REST calls (each reads the
 * user) and within seconds for open shells (its periodic access check).
 */
const out = (line = '') => process.stdout.write(`${line}\n`);
const ACTOR = 'cli';

function validate<T>(schema: z.ZodType<T>, value: unknown, what?: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what ? `${what}: ` : ''}${describeZodError(r.error)}`);
  return r.data;
}

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function named(store: Store, name: string): Promise<User> {
  const user = await store.users.findByUsername(name);
  if (!user || user.deletedAt) throw new Error(`no user named "${name}"${user ? ' (it was deleted)' : ''}`);
  return user;
}

export async function userAdd(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { role: { type: 'string' }, password: { type: 'string' }, email: { type: 'string' } }, 1);
  if (!positionals[0]) throw new UsageError('user add needs a NAME');
  if (!values.role) throw new UsageError('user add needs --role employee|technician|admin');
  const generated = values.password === undefined ? randomBytes(12).toString('base64url') : undefined;
  const input = validate(CreateUserRequest, { username: positionals[0], role: values.role, password: values.password ?? generated, email: values.email });
  const user = await withStore(config, (store) => createUser(store, input, ACTOR));
  out(`Created ${user.role} "${user.username}"${generated ? ` with password "${generated}" (shown once)` : ''}`);
}

export async function userSet(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parse(
    args,
    { role: { type: 'string' }, disable: { type: 'boolean' }, enable: { type: 'boolean' }, password: { type: 'string' }, email: { type: 'string' } },
    1,
  );
  const name = positionals[0];
  if (!name) throw new UsageError('user set needs a NAME');
  if (values.disable && values.enable) throw new UsageError('--disable and --enable contradict each other');
  const edit: UserEdit = {
    ...(values.role !== undefined ? { role: validate(Role, values.role, '--role') } : {}),
    ...(values.disable ? { disabled: true } : values.enable ? { disabled: false } : {}),
    ...(values.password !== undefined ? { password: validate(Password, values.password, '--password') } : {}),
    ...(values.email !== undefined ? { email: values.email === '' ? null : validate(Email, values.email, '--email') } : {}),
  };
  if (Object.keys(edit).length === 0) throw new UsageError('user set needs a change: --role R, --disable, --enable, --password P or --email E');
  const user = await withStore(config, async (store) => updateUser(store, ACTOR, (await named(store, name)).id, edit));
  out(`Updated ${user.role} "${user.username}"${user.disabledAt ? ' (disabled)' : ''}${edit.role || edit.disabled || edit.password ? '; its sessions have ended' : ''}`);
}

export async function userDelete(config: Config, args: string[]): Promise<void> {
  const { positionals } = parse(args, {}, 1);
  const name = positionals[0];
  if (!name) throw new UsageError('user delete needs a NAME');
  await withStore(config, async (store) => deleteUser(store, ACTOR, (await named(store, name)).id));
  out(`Deleted "${name}"; its tickets and history keep the name`);
}

export async function tokenCreate(config: Config, args: string[]): Promise<void> {
  const { values } = parse(args, { expires: { type: 'string' }, uses: { type: 'string' } });
  const uses = values.uses === undefined ? undefined : Number(values.uses);
  const input = validate(CreateEnrollmentTokenRequest, { expires: values.expires, uses });
  const t = await withStore(config, (store) => createEnrollmentToken(store, input, ACTOR));
  out(t.token);
  process.stderr.write(`Valid until ${t.expiresAt} for ${t.uses} enrollment(s). On the PC:\n`);
  process.stderr.write(`  deskside-agent enroll --server ${publicUrl(config, config.port)} --token ${t.token}\n`);
}

export async function tokenList(config: Config, args: string[]): Promise<void> {
  parse(args, {});
  const tokens = await withStore(config, (store) => store.tokens.list());
  out(['ID', 'STATE', 'USES LEFT', 'EXPIRES', 'CREATED BY'].join('\t'));
  for (const t of tokens.map((token) => presentToken(token))) out([t.id, t.state, `${t.usesLeft}/${t.uses}`, t.expiresAt, t.createdBy ?? '-'].join('\t'));
}

export async function tokenRevoke(config: Config, args: string[]): Promise<void> {
  const { positionals } = parse(args, {}, 1);
  if (!positionals[0]) throw new UsageError('token revoke needs a token ID (see deskside-server token list)');
  const { id } = validate(TokenIdParams, { id: positionals[0] }, 'ID');
  await withStore(config, (store) => revokeEnrollmentToken(store, ACTOR, id));
  out(`Revoked enrollment token ${id}`);
}
