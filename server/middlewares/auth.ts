import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { hasRole } from '../../shared/roles.js';
import { forbidden, unauthorized } from '../errors.js';
import type { Access } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { authenticateDevice } from '../relay/deviceAuth.js';
import { session } from '../auth/sessionUser.js';

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/**
 * Whether a Host header names this machine by a loopback name. A loopback connection alone is
 * not enough: a web page can point its own host name at 127.0.0.1 (DNS rebinding) and read the
 * reply from the visitor's browser; its requests still carry that host name.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Constant-time comparison of a presented secret with the configured one. */
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The access check for one route: authentication from the bearer token, then the role. */
export function accessCheck(deps: Pick<AppDeps, 'sessions' | 'store' | 'config'>) {
  return (access: Access, options: { allowSetup?: boolean } = {}): RequestHandler =>
    async (req, res, next) => {
      if (access === 'public') return next();
      if (access === 'device') {
        res.locals.device = await authenticateDevice(req, deps.store.devices);
        return next();
      }
      if (access === 'loopback') {
        // A scraper on another machine presents the configured token instead.
        const scrapeToken = deps.config.metricsToken;
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (scrapeToken && bearer !== undefined) {
          if (!sameSecret(bearer, scrapeToken)) throw unauthorized('wrong scrape token');
          return next();
        }
        if (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
          throw forbidden(`only available from the server machine at a loopback address${scrapeToken ? ', or with the scrape token' : ''}`);
        }
        return next();
      }
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthorized('missing bearer token: sign in with POST /api/v1/auth/login');
      const { user, expiresAtMs, setupOnly } = await session(deps, match[1]!, options);
      if (!hasRole(user.role, access)) throw forbidden(`requires the ${access} role`);
      res.locals.user = user;
      res.locals.sessionExpiresAt = expiresAtMs;
      res.locals.setupOnly = setupOnly;
      next();
    };
}
