import type { Request, RequestHandler } from 'express';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import type { CounterRepo } from '../storage/repos/counters.js';

/**
 * Fixed-window limit per client address, counted in the store, so every node of a cluster
 * counts the same requests.
 */
export function rateLimit(options: {
  /** Asked at each request: routes are built before (and, for the API description, without) a store. */
  counters: () => CounterRepo;
  windowMs: number;
  max: number;
  name: string;
  /** Count only requests answered with an error, so legitimate bulk use is never throttled. */
  failuresOnly?: boolean;
  /** Who is counted: the client's address (behind trusted proxies, see http/clientAddress.ts). */
  key: (req: Request) => string;
  now?: () => number;
}): RequestHandler {
  const now = options.now ?? Date.now;
  return async (req, res, next) => {
    const key = `rate:${options.name}:${options.key(req)}`;
    const t = now();
    const counters = options.counters();
    const count = await counters.get(key, t);
    if (count && count.count >= options.max) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil((count.windowEnd - t) / 1000))));
      throw new AppError(ErrorCode.rateLimited, `too many ${options.name} requests; try again later`);
    }
    if (!options.failuresOnly) await counters.hit(key, options.windowMs, t);
    else {
      res.on('finish', () => {
        if (res.statusCode >= 400) counters.hit(key, options.windowMs, now()).catch(() => {});
      });
    }
    next();
  };
}
