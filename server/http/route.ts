import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { describeZodError } from '../../shared/protocol/codec.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import type { Role } from '../../shared/roles.js';
import { AppError } from '../errors.js';
import type { Device, User } from '../storage/types.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * Who may call a route: anyone, anyone connecting from this machine, an enrolled agent (device
 * credential), or a signed-in user of at least this role.
 */
export type Access = 'public' | 'loopback' | 'device' | Role;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in user; set on every route whose access is a role. */
  user: User | null;
  /** The calling device on 'device' routes. */
  device: Device | null;
  req: Request;
  res: Response;
  /** Overrides the route's success status for this reply (e.g. 200 for a replayed create). */
  setStatus(status: number): void;
}

/**
 * One REST route: the single source for express wiring, input validation and the OpenAPI
 * document. A handler returns the reply body (validated by the presenter that built it);
 * `raw` routes write the response themselves.
 */
export interface Route<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Success schema; null for 204 No Content. Raw routes describe their media type instead. */
  response: z.ZodType<R> | null;
  status?: number;
  /** Error statuses this route answers beyond the common ones (e.g. 409), each with what it means. */
  errors?: Partial<Record<409 | 410 | 413 | 422, string>>;
  /** Response headers of a success, each with what it carries (e.g. X-Total-Count). */
  headers?: Record<string, string>;
  raw?: { contentType: string };
  /**
   * The body is a file's bytes, whatever its media type, up to `maxBytes` (413 past it); the
   * handler finds them in `req.body` (a Buffer, empty when nothing was sent). `stream`: the
   * body is left unread for the handler to take as it comes (files far larger than memory).
   */
  upload?: { maxBytes: number; stream?: true };
  before?: RequestHandler[];
  /** Open to a session that may only set up two-factor sign-in (see auth/sessionUser.ts). */
  totpSetup?: true;
  handler(ctx: RouteContext<P, Q, B>): Promise<R> | R;
}

// Identity function that lets TypeScript infer P, Q, B and R from the schemas of each route.
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  r: Route<P, Q, B, R>,
): Route {
  return r as unknown as Route;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new AppError(ErrorCode.invalidInput, describeZodError(result.error, where));
  return result.data;
}

export interface MountOptions {
  /** Builds the access check for a route (authentication and role). */
  access(access: Access, options?: { allowSetup?: boolean }): RequestHandler;
}

/** A JSON body or a small other one: what every route but an upload accepts. */
export const BODY_LIMIT = '256kb';
const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });
// Any other body is read too (and refused by the route): a reply sent while the client is
// still writing a body nobody reads reaches it as a reset connection instead of the error.
// Past the limit the rest is read and dropped, not kept, and the answer is 413.
const otherBody = express.raw({ type: (req) => !/^application\/json\b/i.test(req.headers['content-type'] ?? ''), limit: BODY_LIMIT });

/** The body parsers of a route, run before its access check so that a refusal reaches the client. */
function bodyParsers(r: Route): RequestHandler[] {
  if (!r.upload) return [jsonBody, otherBody];
  if (r.upload.stream) return [];
  return [express.raw({ type: () => true, limit: r.upload.maxBytes })];
}

export function mountRoutes(router: Router, routes: readonly Route[], options: MountOptions): void {
  for (const r of routes) {
    const handle: RequestHandler = async (req, res) => {
      if (r.body && !req.is('application/json')) {
        throw new AppError(ErrorCode.invalidInput, 'body: expected a JSON body (Content-Type: application/json)');
      }
      let status = r.status ?? (r.response === null ? 204 : 200);
      const ctx: RouteContext<unknown, unknown, unknown> = {
        params: parse(r.params, req.params, 'params'),
        query: parse(r.query, req.query, 'query'),
        body: parse(r.body, req.body, 'body'),
        user: (res.locals.user as User | undefined) ?? null,
        device: (res.locals.device as Device | undefined) ?? null,
        req,
        res,
        setStatus: (code) => {
          status = code;
        },
      };
      const result = await r.handler(ctx);
      if (r.raw) return;
      if (r.response === null) res.status(status).end();
      else res.status(status).json(result);
    };
    router[r.method](r.path, (req, res, next) => {
      res.locals.routePath = r.path;
      next();
    }, ...bodyParsers(r), options.access(r.access, { allowSetup: r.totpSetup === true }), ...(r.before ?? []), handle);
  }
}
