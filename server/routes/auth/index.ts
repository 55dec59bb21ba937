import { LoginRequest, LoginResponse, MeView } from '../../../shared/api/auth.js';
import { checkSecondFactor, securityPolicy, twoFactorRequired } from '../../commands/twoFactor.js';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError, unauthorized } from '../../errors.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { route } from '../../http/route.js';
import { rateLimit } from '../../middlewares/rateLimit.js';
import { clientAddress } from '../../http/clientAddress.js';
import { LoginThrottle } from '../../auth/loginThrottle.js';
import type { Request } from 'express';
import { presentUser } from '../../presenters/index.js';

export function authRoutes(deps: AppDeps) {
  const address = (req: Request) => clientAddress(req, deps.config.trustedProxies);
  // Per address, failures only: a whole office behind one NAT address signs in every morning,
  // and one guesser among them locks nobody out of their own account for long.
  const loginLimit = rateLimit({ counters: () => deps.store.counters, name: 'failed sign-in', windowMs: 10 * 60_000, max: 100, failuresOnly: true, key: address });
  // Per account, failures only, whatever the address: rotating addresses gains a guesser nothing.
  const throttle = () => new LoginThrottle(deps.store.counters);
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
      async handler({ body, req, res }) {
        const wait = await throttle().waitMs(body.username);
        if (wait > 0) {
          // Refused before the password is looked at: a right one now tells nothing either.
          await audit(deps.store, null, 'user.login_throttled', body.username, { address: address(req), waitSeconds: Math.ceil(wait / 1000) });
          res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
          throw new AppError(ErrorCode.rateLimited, `too many failed sign-ins for this account; try again in ${Math.ceil(wait / 1000)} s`);
        }
        const found = await deps.store.users.findByUsername(body.username);
        const user = found?.deletedAt ? undefined : found;
        // Hash even for an unknown name, so response time does not tell which names exist.
        const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !ok) {
          await throttle().failed(body.username);
          await audit(deps.store, body.username, 'user.login_failed', body.username, { address: address(req) });
          throw unauthorized('wrong username or password');
        }
        // Said only to someone who knows the password: it tells nothing to a guesser.
        if (user.disabledAt) throw new AppError(ErrorCode.accountDisabled, 'this account is disabled: ask an admin');
        let method: 'password' | 'totp' | 'recovery_code' = 'password';
        if (user.twoFactor) {
          // Asked for only once the password is right; a missing code is the first step of a
          // two-step sign-in, not a failure, but a wrong or replayed one counts as one.
          if (!body.totp) throw new AppError(ErrorCode.totpRequired, 'enter the six-digit code from your authenticator app (or a recovery code)');
          const check = await checkSecondFactor(deps.store, user, body.totp, Date.now());
          if (!check.ok) {
            await throttle().failed(body.username);
            await audit(deps.store, body.username, 'user.login_failed', body.username, { address: address(req), reason: 'second factor' });
            throw new AppError(ErrorCode.totpRequired, 'wrong or already used code: enter the code the app shows now (or an unused recovery code)');
          }
          method = check.method;
        }
        await throttle().succeeded(body.username);
        const setupOnly = !user.twoFactor && twoFactorRequired(await securityPolicy(deps.store), user);
        await audit(deps.store, user.username, 'user.login', user.username, { ...(method !== 'password' ? { method } : {}), ...(setupOnly ? { setupOnly } : {}) });
        const { token, expiresAt } = deps.sessions.sign(user, { setupOnly });
        return { token, expiresAt, user: presentUser(user), ...(setupOnly ? { totpSetupRequired: true } : {}) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/me',
      summary: 'The signed-in user',
      tag: 'auth',
      access: 'employee',
      totpSetup: true,
      response: MeView,
      handler: ({ user, res }) => ({ ...presentUser(user!), totpSetupRequired: res.locals.setupOnly === true }),
    }),
  ];
}
