import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../storage/errors.js';
import type { Logger } from '../logger.js';

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError(ErrorCode.notFound, `no route for ${req.method} ${req.path}`);
};

/** Turns every error into `{error:{code,message}}` with its status; never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let error: AppError;
    if (err instanceof AppError) error = err;
    else if (isBodyParserError(err, 'entity.parse.failed')) error = new AppError(ErrorCode.invalidJson, 'request body is not valid JSON');
    else if (isBodyParserError(err, 'entity.too.large')) error = new AppError(ErrorCode.payloadTooLarge, `request body is too large${limitOf(err)}`);
    else if (isBodyParserError(err, 'encoding.unsupported') || isBodyParserError(err, 'charset.unsupported')) {
      error = new AppError(ErrorCode.invalidInput, 'unsupported request body encoding');
    } else if (isDatabaseUnavailable(err)) {
      logger.warn({ err: (err as Error).message, method: req.method, path: req.path }, 'database unavailable');
      error = new AppError(ErrorCode.unavailable, 'the database cannot be reached at the moment; try again shortly');
    } else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      error = new AppError(ErrorCode.internal, 'internal error');
    }
    if (res.headersSent) return;
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
  };
}

function isBodyParserError(err: unknown, type: string): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === type;
}

/** "(at most 10 MB)" from a body parser's refusal, so that the sender knows what fits. */
function limitOf(err: unknown): string {
  const limit = (err as { limit?: unknown }).limit;
  if (typeof limit !== 'number') return '';
  return limit >= 1024 * 1024 ? ` (at most ${+(limit / 1024 / 1024).toFixed(1)} MB)` : ` (at most ${Math.round(limit / 1024)} KB)`;
}
