import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { ApiRequestError } from '../shared/api/requestError.js';
import type { Login } from './config.js';

/** The server's JSON error, or one line about what went wrong on the way. */
async function failure(res: http.IncomingMessage): Promise<ApiRequestError> {
  let text = '';
  for await (const chunk of res as AsyncIterable<Buffer>) if (text.length < 10_000) text += chunk.toString('utf8');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new ApiRequestError(res.statusCode ?? 0, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${res.statusCode}`);
  } catch {
    return new ApiRequestError(res.statusCode ?? 0, 'http_error', `HTTP ${res.statusCode}`);
  }
}

/**
 * One streaming request: the body (if any) is piped as it is read, the response handed over
 * unread on success (2xx); anything else becomes an ApiRequestError with the server's reason.
 * A connection that breaks is an error with code `unreachable` (worth a retry).
 */
export function streamRequest(
  login: Login,
  method: string,
  p: string,
  o: { headers?: Record<string, string>; body?: Readable } = {},
): Promise<http.IncomingMessage> {
  const url = new URL(p, login.server);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers: { authorization: `Bearer ${login.token}`, ...o.headers } }, (res) => {
      if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) return resolve(res);
      // Refused: the rest of an upload has nowhere to go.
      o.body?.unpipe(req);
      failure(res)
        .then(reject, reject)
        .finally(() => req.destroy());
    });
    req.on('error', (err) => reject(new ApiRequestError(0, 'unreachable', `connection to ${url.origin} failed: ${err.message}`)));
    if (o.body) {
      o.body.on('error', (err) => req.destroy(err));
      o.body.pipe(req);
    } else {
      req.end();
    }
  });
}

/** The whole response body as JSON. */
export async function readJson<T>(res: http.IncomingMessage): Promise<T> {
  let text = '';
  for await (const chunk of res as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return JSON.parse(text) as T;
}
