import { LoginRequest, LoginResponse, UserView } from '../../../shared/api/auth.js';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError, unauthorized } from '../../errors.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
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
        const found = await deps.store.users.findByUsername(body.username);
        const user = found?.deletedAt ? undefined : found;
        // Hash even for an unknown name, so response time does not tell which names exist.
        const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !ok) {
          await audit(deps.store, body.username, 'user.login_failed', body.username);
          throw unauthorized('wrong username or password');
        }
        // Said only to someone who knows the password: it tells nothing to a guesser.
        if (user.disabledAt) throw new AppError(ErrorCode.accountDisabled, 'this account is disabled: ask an admin');
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
