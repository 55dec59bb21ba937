import { ChangePasswordRequest, CreateUserRequest, LoginResponse, UpdateUserRequest, UserIdParams, UserList, UserView } from '../../../shared/api/auth.js';
import { createUser } from '../../commands/createUser.js';
import { changeOwnPassword, deleteUser, updateUser } from '../../commands/updateUser.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';
import { presentUser } from '../../presenters/index.js';

export function userRoutes(deps: AppDeps) {
  const revoked = (id: string) => deps.accessRevoked(id);
  return [
    route({
      method: 'get',
      path: '/api/v1/users',
      summary: 'All user accounts (deleted ones are not listed)',
      tag: 'users',
      access: 'admin',
      response: UserList,
      handler: async () => (await deps.store.users.list()).map(presentUser),
    }),
    route({
      method: 'post',
      path: '/api/v1/users',
      summary: 'Create a user account (password: at least 12 characters, not a common one)',
      tag: 'users',
      access: 'admin',
      body: CreateUserRequest,
      response: UserView,
      status: 201,
      errors: { 409: 'A user of that name exists' },
      handler: async ({ body, user }) => presentUser(await createUser(deps.store, body, user!.username)),
    }),
    route({
      method: 'patch',
      path: '/api/v1/users/:id',
      summary: "Change a user's role, disable or re-enable it, reset its password or set its email; a new role, disabling or a new password ends the user's sessions at once",
      tag: 'users',
      access: 'admin',
      params: UserIdParams,
      body: UpdateUserRequest,
      response: UserView,
      errors: { 409: 'The change would leave no admin who can sign in' },
      handler: async ({ params, body, user }) => presentUser(await updateUser(deps.store, user!.username, params.id, body, revoked)),
    }),
    route({
      method: 'delete',
      path: '/api/v1/users/:id',
      summary: 'Delete a user: sign-in and sessions end; tickets and the audit log keep the name, which is not given to anyone else',
      tag: 'users',
      access: 'admin',
      params: UserIdParams,
      response: null,
      errors: { 409: 'The user is the last admin who can sign in' },
      handler: async ({ params, user }) => deleteUser(deps.store, user!.username, params.id, revoked),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/password',
      summary: 'Change your own password (the current one is required); your other sessions end, this one gets a new token',
      tag: 'auth',
      access: 'employee',
      body: ChangePasswordRequest,
      response: LoginResponse,
      async handler({ body, user }) {
        const updated = await changeOwnPassword(deps.store, user!, body.current, body.password, revoked);
        const { token, expiresAt } = deps.sessions.sign(updated);
        return { token, expiresAt, user: presentUser(updated) };
      },
    }),
  ];
}
