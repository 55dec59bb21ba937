import { CreateUserRequest, UserList, UserView } from '../../../shared/api/auth.js';
import { createUser } from '../../commands/createUser.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';
import { presentUser } from '../../presenters/index.js';

export function userRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/v1/users',
      summary: 'All user accounts',
      tag: 'users',
      access: 'admin',
      response: UserList,
      handler: async () => (await deps.store.users.list()).map(presentUser),
    }),
    route({
      method: 'post',
      path: '/api/v1/users',
      summary: 'Create a user account',
      tag: 'users',
      access: 'admin',
      body: CreateUserRequest,
      response: UserView,
      status: 201,
      errors: { 409: 'A user of that name exists' },
      handler: async ({ body, user }) => presentUser(await createUser(deps.store, body, user!.username)),
    }),
  ];
}
