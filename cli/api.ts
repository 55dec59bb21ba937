import type { Login } from './config.js';

import { ApiRequestError } from '../shared/api/requestError.js';

/** Callers catch this one class for any failed request. */
export { ApiRequestError as ApiError };

/** A JSON request to the server; a failure becomes one readable line with the server's reason. */
export async function request<T>(server: string, method: string, p: string, o: { token?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(p, server), {
      method,
      headers: {
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new ApiRequestError(0, 'unreachable', `cannot reach ${server}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    const code = body?.error?.code ?? 'http_error';
    const hint = o.token && (code === 'token_expired' || code === 'unauthorized') ? ' (run deskside login again)' : '';
    throw new ApiRequestError(res.status, code, `${body?.error?.message ?? `HTTP ${res.status}`}${hint}`);
  }
  return body as T;
}

export const authed = <T>(login: Login, method: string, p: string, body?: unknown) =>
  request<T>(login.server, method, p, { token: login.token, ...(body === undefined ? {} : { body }) });
