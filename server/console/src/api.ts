/**
 * The REST client. Types come from the zod schemas in shared/ (type-only imports: the schemas
 * themselves stay on the server). A 401 does not lose the page: the request waits while the
 * user signs in again, then is retried.
 */
import { ApiRequestError } from '../../../shared/api/requestError.js';

/** Callers catch this one class for any failed request. */
export { ApiRequestError as ApiError };

type Relogin = () => Promise<void>;

let token: string | null = sessionStorage.getItem('deskside.token');
let relogin: Relogin | null = null;

export function setToken(t: string | null): void {
  token = t;
  if (t) sessionStorage.setItem('deskside.token', t);
  else sessionStorage.removeItem('deskside.token');
}

export function getToken(): string | null {
  return token;
}

/** Installed by the auth provider: shows the sign-in dialog over the current page. */
export function onRelogin(fn: Relogin | null): void {
  relogin = fn;
}

export interface Page<T> {
  items: T;
  total: number;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  // A file goes as its own bytes; anything else as JSON.
  const file = body instanceof Blob;
  return fetch(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': file ? 'application/octet-stream' : 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: file ? body : JSON.stringify(body) } : {}),
  });
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  let res = await send(method, path, body);
  if (res.status === 401 && relogin && path !== '/api/v1/auth/login') {
    await relogin();
    res = await send(method, path, body);
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiRequestError(res.status, err?.error?.code ?? 'http_error', err?.error?.message ?? `HTTP ${res.status}`);
  }
  return res;
}

/**
 * Fetches a file the API serves (it wants the bearer token, which a plain link cannot carry)
 * and hands it to the browser as a download, never opened in the console's own page.
 */
export async function download(path: string, filename: string): Promise<void> {
  const res = await call('GET', path);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

export const api = {
  async get<T>(path: string): Promise<T> {
    return (await call('GET', path)).json() as Promise<T>;
  },
  /** A list whose total (before paging) is in X-Total-Count. */
  async page<T>(path: string): Promise<Page<T>> {
    const res = await call('GET', path);
    const items = (await res.json()) as T;
    return { items, total: Number(res.headers.get('x-total-count') ?? (Array.isArray(items) ? items.length : 0)) };
  },
  /** A file's bytes, typed as the caller says (the server sends every file as a download). */
  async blob(path: string, type: string): Promise<Blob> {
    return new Blob([await (await call('GET', path)).arrayBuffer()], { type });
  },
  /** Sends a file as the request body. */
  async upload<T>(path: string, file: Blob): Promise<T> {
    return (await call('POST', path, file)).json() as Promise<T>;
  },
  async text(path: string): Promise<string> {
    return (await call('GET', path)).text();
  },
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    const res = await call('POST', path, body);
    return (res.status === 204 ? undefined : res.json()) as Promise<T>;
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await call('PATCH', path, body)).json() as Promise<T>;
  },
  async put<T>(path: string, body: unknown): Promise<T> {
    return (await call('PUT', path, body)).json() as Promise<T>;
  },
  async del(path: string): Promise<void> {
    await call('DELETE', path);
  },
};
