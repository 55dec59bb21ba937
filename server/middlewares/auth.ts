import type { RequestHandler } from 'express';
import { hasRole } from '../../shared/roles.js';
import { forbidden, unauthorized } from '../errors.js';
import type { Access } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { authenticateDevice } from '../relay/deviceAuth.js';

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/** The access check for one route: authentication from the bearer token, then the role. */
export function accessCheck(deps: Pick<AppDeps, 'sessions' | 'store'>) {
  return (access: Access): RequestHandler =>
    async (req, res, next) => {
      if (access === 'public') return next();
      if (access === 'device') {
        res.locals.device = await authenticateDevice(req, deps.store);
        return next();
      }
      if (access === 'loopback') {
        if (!isLoopback(req.socket.remoteAddress)) throw forbidden('only available from the server machine');
        return next();
      }
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthorized('missing bearer token: sign in with POST /api/v1/auth/login');
      const userId = deps.sessions.verify(match[1]!);
      // Read the user on every request so a deleted account or a changed role takes effect at once.
      const user = await deps.store.users.findById(userId);
      if (!user) throw unauthorized('the account of this session no longer exists');
      if (!hasRole(user.role, access)) throw forbidden(`requires the ${access} role`);
      res.locals.user = user;
      next();
    };
}
