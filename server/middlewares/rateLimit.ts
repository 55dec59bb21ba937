import type { Request, RequestHandler } from 'express';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';

/**
 * Fixed-window limit per client address, in memory. Enough for one process; a multi-process
 * deployment puts its limits in the shared broker or the load balancer.
 */
export function rateLimit(options: {
  windowMs: number;
  max: number;
  name: string;
  /** Count only requests answered with an error, so legitimate bulk use is never throttled. */
  failuresOnly?: boolean;
  /** Who is counted: the client's address (behind trusted proxies, see http/clientAddress.ts). */
  key: (req: Request) => string;
}): RequestHandler {
  const hits = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = Date.now() + options.windowMs;
  return (req, res, next) => {
    const now = Date.now();
    if (now >= nextSweep) {
      for (const [key, entry] of hits) if (entry.resetAt <= now) hits.delete(key);
      nextSweep = now + options.windowMs;
    }
    const key = options.key(req);
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + options.windowMs };
      hits.set(key, entry);
    }
    if (entry.count >= options.max) {
      res.setHeader('Retry-After', String(Math.ceil((entry.resetAt - now) / 1000)));
      throw new AppError(ErrorCode.rateLimited, `too many ${options.name} requests; try again later`);
    }
    const counted = entry;
    if (!options.failuresOnly) counted.count += 1;
    else {
      res.on('finish', () => {
        if (res.statusCode >= 400) counted.count += 1;
      });
    }
    next();
  };
}
