import { LoginRequest, LoginResponse, UserView } from '../../../shared/api/auth.js';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { unauthorized } from '../../errors.js';
import { route } from '../../http/route.js';
import { rateLimit } from '../../middlewares/rateLimit.js';
import { presentUser } from '../../presenters/index.js';

export function authRoutes(deps: AppDeps) {
  const loginLimit = rateLimit({ name: 'sign-in', windowMs: 60_000, max: 20 });
  return [
    route({
      method: 'post',
      path: '/api/v1/auth/login',
      summary: 'Sign in with username and password; returns a short-lived session token',
      tag: 'auth',
      access: 'public',
      before: [loginLimit],
      body: LoginRequest,
      response: LoginResponse,
      async handler({ body }) {
        const user = await deps.store.users.findByUsername(body.username);
        // Hash even for an unknown name, so response time does not tell which names exist.
        const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !ok) {
          await audit(deps.store, body.username, 'user.login_failed', body.username);
          throw unauthorized('wrong username or password');
        }
        await audit(deps.store, user.username, 'user.login', user.username);
        const { token, expiresAt } = deps.sessions.sign(user);
        return { token, expiresAt, user: presentUser(user) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/me',
      summary: 'The signed-in user',
      tag: 'auth',
      access: 'employee',
      response: UserView,
      handler: ({ user }) => presentUser(user!),
    }),
  ];
}
